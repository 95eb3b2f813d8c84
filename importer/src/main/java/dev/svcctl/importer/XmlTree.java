package dev.svcctl.importer;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * A small XML element tree with the line each element starts on, read with the JDK's parser set up so that a
 * configuration file cannot make it read anything else: no DTD at all (so no entities), no external entities or
 * schemas, no XInclude, secure processing on.
 */
final class XmlTree {
    /** An element: its name, attributes, its text (all text inside it, as .NET's InnerText) and children. */
    record Element(String name, Map<String, String> attributes, String text, List<Element> children, int line) {
        Element child(String childName) {
            for (Element c : children) {
                if (c.name.equals(childName)) {
                    return c;
                }
            }
            return null;
        }
    }

    private XmlTree() {
    }

    static Element parse(String text, Findings findings) throws ImportException {
        try {
            SAXParserFactory factory = SAXParserFactory.newInstance();
            factory.setNamespaceAware(false);
            factory.setValidating(false);
            factory.setXIncludeAware(false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            SAXParser parser = factory.newSAXParser();
            parser.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            parser.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            Builder builder = new Builder();
            String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
            parser.parse(new InputSource(new StringReader(body)), builder);
            return builder.root;
        } catch (SAXParseException e) {
            throw findings.error(Math.max(1, e.getLineNumber()), "not well-formed XML: " + e.getMessage(),
                    e.getMessage() != null && e.getMessage().contains("DOCTYPE")
                            ? "svcctl reads no DTD in a WinSW file; remove the <!DOCTYPE>" : "fix the XML");
        } catch (SAXException | ParserConfigurationException e) {
            throw findings.error(1, "cannot read the XML: " + e.getMessage(), "fix the XML");
        } catch (IOException e) {
            throw findings.error(1, "cannot read the XML: " + e.getMessage(), "fix the XML");
        }
    }

    private static final class Builder extends DefaultHandler {
        private Locator locator;
        private Element root;
        private final List<Frame> stack = new ArrayList<>();

        private record Frame(String name, Map<String, String> attributes, StringBuilder text, List<Element> children,
                             int line) {
        }

        @Override
        public void setDocumentLocator(Locator locator) {
            this.locator = locator;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) {
            Map<String, String> attrs = new LinkedHashMap<>();
            for (int i = 0; i < attributes.getLength(); i++) {
                attrs.put(attributes.getQName(i), attributes.getValue(i));
            }
            stack.add(new Frame(qName, attrs, new StringBuilder(), new ArrayList<>(),
                    locator == null ? 1 : locator.getLineNumber()));
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            for (Frame f : stack) {
                f.text.append(ch, start, length);
            }
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            Frame f = stack.remove(stack.size() - 1);
            Element e = new Element(f.name, java.util.Collections.unmodifiableMap(f.attributes), f.text.toString(), List.copyOf(f.children),
                    f.line);
            if (stack.isEmpty()) {
                root = e;
            } else {
                stack.get(stack.size() - 1).children.add(e);
            }
        }
    }
}
