package org.cram.compress;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.cram.api.param.Parameter;
import org.cram.api.param.ParameterRole;
import org.cram.api.param.ParameterSet;

/**
 * Parameters a layer-wise pruner leaves dense, chosen by name and by role, never by position. Options:
 * {@value #EXCLUDE} (list of exact names or {@link Glob globs}, e.g. {@code [conv1.weight, fc.weight]} as the
 * reference's uniform pruning skips the first convolution and the last linear layer) and {@value #EXCLUDE_ROLES}
 * (list of {@link ParameterRole} names, case-insensitive). A name pattern that matches no parameter at all is an
 * error, so a typo cannot silently leave a layer pruned.
 */
final class LayerExclusion {
    static final String EXCLUDE = "exclude";
    static final String EXCLUDE_ROLES = "exclude_roles";

    private final List<Glob> names;
    private final Set<ParameterRole> roles;

    LayerExclusion(List<Glob> names, Set<ParameterRole> roles) {
        this.names = List.copyOf(names);
        this.roles = roles.isEmpty() ? EnumSet.noneOf(ParameterRole.class) : EnumSet.copyOf(roles);
    }

    static LayerExclusion from(OptionReader options) {
        List<Glob> names = new ArrayList<>();
        options.getStringList(EXCLUDE).forEach(p -> names.add(Glob.of(p)));
        Set<ParameterRole> roles = EnumSet.noneOf(ParameterRole.class);
        for (String r : options.getStringList(EXCLUDE_ROLES)) {
            try {
                roles.add(ParameterRole.valueOf(r.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw options.bad(EXCLUDE_ROLES, r, "a list of parameter roles among "
                        + Arrays.toString(ParameterRole.values()));
            }
        }
        return new LayerExclusion(names, roles);
    }

    /** Whether {@code p} is excluded. */
    boolean excludes(Parameter p) {
        if (roles.contains(p.role())) {
            return true;
        }
        for (Glob g : names) {
            if (g.matches(p.name())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Fails naming every name pattern that matches none of {@code parameters}.
     *
     * @param compressor the compressor name for the message
     */
    void checkPatternsMatch(String compressor, ParameterSet parameters) {
        List<String> unmatched = new ArrayList<>();
        for (Glob g : names) {
            if (parameters.names().stream().noneMatch(g::matches)) {
                unmatched.add(g.pattern());
            }
        }
        if (!unmatched.isEmpty()) {
            throw new IllegalArgumentException("compressor '" + compressor + "': option '" + EXCLUDE + "' entries "
                    + unmatched + " match no parameter; parameters: " + parameters.names());
        }
    }
}
