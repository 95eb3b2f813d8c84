package dev.svcctl.windows.tasks;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The few fields svcctl reads back from a registered task's XML, without a full XML parser. */
public final class TaskXmlFields {
    private static final Pattern SETTINGS = Pattern.compile("<Settings>(.*?)</Settings>", Pattern.DOTALL);
    private static final Pattern ENABLED = Pattern.compile("<Enabled>\\s*(true|false)\\s*</Enabled>");
    private static final Pattern DECLARATION = Pattern.compile("\\A(\\uFEFF?<\\?xml[^>]*?encoding=\")([^\"]*)(\")");

    private TaskXmlFields() {
    }

    /** Settings/Enabled; Task Scheduler's default is true when the element is absent. */
    public static boolean enabled(String xml) {
        Matcher settings = SETTINGS.matcher(xml);
        if (!settings.find()) {
            return true;
        }
        Matcher enabled = ENABLED.matcher(settings.group(1));
        return !enabled.find() || enabled.group(1).equals("true");
    }

    /** The same document declaring {@code encoding}: the declaration must match the bytes the file is written in. */
    public static String withDeclaredEncoding(String xml, String encoding) {
        Matcher m = DECLARATION.matcher(xml);
        return m.find() ? m.replaceFirst("$1" + encoding + "$3") : xml;
    }
}
