package dev.loupe.explain;

import java.util.List;

/**
 * A family's contribution to the {@link MethodRegistry}. Each family package has one provider, listed in
 * {@code META-INF/services/dev.loupe.explain.MethodProvider}.
 */
public interface MethodProvider {
    /** The methods of this family. */
    List<MethodSpec> methods();
}
