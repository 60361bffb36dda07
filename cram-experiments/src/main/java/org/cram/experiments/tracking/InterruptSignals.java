package org.cram.experiments.tracking;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.cram.api.track.RunStatus;

/**
 * Tells a JVM shutdown caused by SIGINT or SIGTERM (Ctrl-C, {@code kill}, a scheduler stopping the job) from any
 * other shutdown ({@code System.exit}, {@code main} returning, an uncaught exception), which a shutdown hook alone
 * cannot. The trackers' shutdown hooks end runs still open with {@link #shutdownStatus()}: KILLED after one of these
 * signals, FAILED otherwise. (A run closed by try-with-resources after an exception is FAILED in any case.)
 *
 * <p>{@link #install()} adds, once per JVM, a handler for INT and TERM that notes the signal and passes it on to
 * the handler that was there before (normally the JVM's, which starts the shutdown; without one, the JVM exits
 * with 128 + the signal number, as it would have). A signal the process ignores (a background job's SIGINT) stays
 * ignored. The handler uses {@code sun.misc.Signal} (module {@code jdk.unsupported}) through reflection; where it is
 * missing, or the JVM runs with {@code -Xrs}, nothing is installed and every shutdown counts as FAILED. A handler
 * installed later by the application replaces this one, with the same result.
 */
final class InterruptSignals {

    private static final List<String> SIGNALS = List.of("INT", "TERM");
    private static final AtomicBoolean INSTALLED = new AtomicBoolean();
    private static final AtomicReference<String> RECEIVED = new AtomicReference<>();

    private InterruptSignals() {
    }

    /** Installs the handlers (idempotent, never throws). */
    static void install() {
        if (!INSTALLED.compareAndSet(false, true)) {
            return;
        }
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Constructor<?> newSignal = signalClass.getConstructor(String.class);
            Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
            Method getNumber = signalClass.getMethod("getNumber");
            Method delegate = handlerClass.getMethod("handle", signalClass);
            Object ignore = handlerClass.getField("SIG_IGN").get(null);
            Object byDefault = handlerClass.getField("SIG_DFL").get(null);
            for (String name : SIGNALS) {
                Object signal = newSignal.newInstance(name);
                AtomicReference<Object> previous = new AtomicReference<>();
                Object handler = Proxy.newProxyInstance(InterruptSignals.class.getClassLoader(),
                        new Class<?>[] {handlerClass}, (proxy, method, args) -> {
                            switch (method.getName()) {
                                case "handle" -> {
                                    RECEIVED.compareAndSet(null, name);
                                    Object before = previous.get();
                                    if (before == null || before == byDefault || before == ignore) {
                                        Runtime.getRuntime().exit(128 + (int) getNumber.invoke(args[0]));
                                    } else {
                                        delegate.invoke(before, args[0]);
                                    }
                                    return null;
                                }
                                case "hashCode" -> {
                                    return System.identityHashCode(proxy);
                                }
                                case "equals" -> {
                                    return proxy == args[0];
                                }
                                default -> {
                                    return "InterruptSignals[SIG" + name + "]";
                                }
                            }
                        });
                Object before;
                try {
                    before = handle.invoke(null, signal, handler);
                } catch (InvocationTargetException refused) { // used by the VM (-Xrs) or not supported here
                    continue;
                }
                if (before == ignore) {
                    handle.invoke(null, signal, ignore); // keep an ignored signal ignored
                } else {
                    previous.set(before);
                }
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError unavailable) {
            // no sun.misc.Signal: shutdowns cannot be told apart, runs left open end FAILED
        }
    }

    /** The signal (INT or TERM) that started the shutdown, if one did. */
    static Optional<String> received() {
        return Optional.ofNullable(RECEIVED.get());
    }

    /** KILLED if SIGINT or SIGTERM was received, else FAILED. */
    static RunStatus shutdownStatus() {
        return RECEIVED.get() != null ? RunStatus.KILLED : RunStatus.FAILED;
    }
}
