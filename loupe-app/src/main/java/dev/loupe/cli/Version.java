package dev.loupe.cli;

import picocli.CommandLine;

/** The version shown by {@code loupe --version}. */
public final class Version implements CommandLine.IVersionProvider {
    /** Loupe's version. */
    public static final String VERSION = "0.1.0";

    @Override
    public String[] getVersion() {
        return new String[] {"loupe " + VERSION + " (Java " + Runtime.version() + ", vector API "
                + (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() ? "on" : "off") + ")"};
    }
}
