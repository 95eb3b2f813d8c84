package dev.svcctl.spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The JSON Schema of the spec as svcctl ships it (a resource of this jar): what {@code svcctl schema} prints. */
public final class SchemaFile {
    /** The resource's name next to this class. */
    public static final String RESOURCE = "service-spec-v1.schema.json";

    private SchemaFile() {
    }

    /** The schema's text, exactly as shipped. */
    public static String text() {
        try (InputStream in = SchemaFile.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from svcctl's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE + " from svcctl's jar", e);
        }
    }
}
