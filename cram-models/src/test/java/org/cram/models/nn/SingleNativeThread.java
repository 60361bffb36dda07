package org.cram.models.nn;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Runs a test class with libnd4j's OpenMP pool at one thread, restoring the previous size afterwards. The
 * double-precision ops (generic kernels, not oneDNN) open an OpenMP region per call; on tiny gradient-check tensors
 * with other processes busy on the same 2 cores, every region waits for a second thread to be scheduled, which made
 * a DOUBLE ResNet-20 forward about 100x slower (measured: 3x3 conv on 6x16x8x8, 24 ms at 2 threads, 0.8 ms at 1).
 */
public final class SingleNativeThread implements BeforeAllCallback, AfterAllCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            SingleNativeThread.class);

    private static NativeOps nativeOps() {
        Nd4j.getBackend(); // loads the backend, which NativeOpsHolder needs
        return NativeOpsHolder.getInstance().getDeviceNativeOps();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        NativeOps ops = nativeOps();
        context.getStore(NAMESPACE).put("threads", ops.ompGetMaxThreads());
        ops.setOmpNumThreads(1);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Integer previous = context.getStore(NAMESPACE).get("threads", Integer.class);
        if (previous != null) {
            nativeOps().setOmpNumThreads(previous);
        }
    }
}
