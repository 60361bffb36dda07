package org.cram.api.testing;

import org.cram.api.platform.CpuBackendVariant;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Selects the native CPU build for this machine before any test class loads ND4J, as the framework's {@code main}s
 * do; registered for every module that has this test jar on its class path (META-INF/services).
 */
public final class NativeBackendForTests implements LauncherSessionListener {
    @Override
    public void launcherSessionOpened(LauncherSession session) {
        CpuBackendVariant.selectForThisMachine();
    }
}
