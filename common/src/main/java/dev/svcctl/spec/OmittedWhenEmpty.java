package dev.svcctl.spec;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A model field added after spec v1's first release: {@link CanonicalText} leaves it out while it is empty (an empty
 * Optional, list or map; for an enum, its first constant, which must be the value of a spec that does not set it), so the fingerprint of a spec that does not use it stays what earlier releases wrote in
 * the marker lines of installed files, and upgrading svcctl does not make every installed file "changed". A component
 * marked here must also be listed in {@link CanonicalText#OMITTED_WHEN_EMPTY} (which CanonicalTextTest checks).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
@interface OmittedWhenEmpty {
}
