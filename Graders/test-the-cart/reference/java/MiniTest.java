import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;

/**
 * A very small test runner, so that the lab needs nothing beyond the JDK. A test class extends it, writes each test
 * as a {@code static void test...()} method using the assertions below, and calls {@code runAll} from its main.
 * Every test method runs, in name order, on its own; a failing one is reported and the program exits with status 1.
 */
public abstract class MiniTest {
    /** A failed assertion. */
    public static final class AssertionFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public AssertionFailed(String message) {
            super(message);
        }
    }

    /** Fails unless {@code actual} equals {@code expected}. */
    public static void assertEquals(Object expected, Object actual) {
        if (!Objects.equals(expected, actual)) {
            throw new AssertionFailed("expected " + expected + " but got " + actual);
        }
    }

    /** Fails unless {@code condition} is true. */
    public static void assertTrue(boolean condition, String message) {
        if (!condition) {
            throw new AssertionFailed(message);
        }
    }

    /** Fails unless {@code action} throws an exception of {@code type} (or a subclass); returns it. */
    public static <T extends Throwable> T assertThrows(Class<T> type, Runnable action) {
        try {
            action.run();
        } catch (Throwable thrown) {
            if (type.isInstance(thrown)) {
                return type.cast(thrown);
            }
            throw new AssertionFailed("expected " + type.getSimpleName() + " but " + thrown + " was thrown");
        }
        throw new AssertionFailed("expected " + type.getSimpleName() + " but nothing was thrown");
    }

    /** Runs every {@code static void test...()} method of {@code tests}; exits with status 1 if any failed. */
    public static void runAll(Class<?> tests) {
        Method[] methods = tests.getDeclaredMethods();
        Arrays.sort(methods, Comparator.comparing(Method::getName));
        int run = 0;
        int failed = 0;
        for (Method method : methods) {
            if (!method.getName().startsWith("test") || !Modifier.isStatic(method.getModifiers())
                    || method.getParameterCount() != 0) {
                continue;
            }
            run += 1;
            try {
                method.setAccessible(true);
                method.invoke(null);
                System.out.println("ok     " + method.getName());
            } catch (InvocationTargetException error) {
                failed += 1;
                System.out.println("FAILED " + method.getName() + ": " + error.getCause());
            } catch (ReflectiveOperationException error) {
                failed += 1;
                System.out.println("FAILED " + method.getName() + ": cannot run it: " + error);
            }
        }
        System.out.println(run + " tests, " + failed + " failed");
        if (failed > 0) {
            System.exit(1);
        }
    }
}
