// The tests' runner, with the JDK alone (no JUnit): `java RunTests.java` compiles every other .java file here, then
// runs each static method without arguments whose name starts with `test`, in every class whose name ends in `Test`.
// A test fails when it throws (an AssertionError from a failed check, or any exception). The runner exits 1 when
// the code does not compile or a test fails. You do not need to change it.
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.ToolProvider;

public class RunTests {
    public static void main(String[] args) throws Exception {
        List<String> sources;
        try (Stream<Path> files = Files.list(Path.of("."))) {
            sources = files.map(path -> path.getFileName().toString())
                    .filter(name -> name.endsWith(".java") && !name.equals("RunTests.java"))
                    .sorted()
                    .toList();
        }
        Path classes = Files.createTempDirectory("tests");
        List<String> javac = new ArrayList<>(List.of("-d", classes.toString(), "-encoding", "UTF-8"));
        javac.addAll(sources);
        if (ToolProvider.getSystemJavaCompiler().run(null, null, null, javac.toArray(String[]::new)) != 0) {
            System.out.println("FAIL: the code does not compile");
            System.exit(1);
        }
        int run = 0;
        int failed = 0;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()})) {
            for (String source : sources) {
                String name = source.substring(0, source.length() - ".java".length());
                if (!name.endsWith("Test")) {
                    continue;
                }
                Method[] methods = loader.loadClass(name).getDeclaredMethods();
                Arrays.sort(methods, Comparator.comparing(Method::getName));
                for (Method method : methods) {
                    if (!method.getName().startsWith("test") || !Modifier.isStatic(method.getModifiers())
                            || method.getParameterCount() != 0) {
                        continue;
                    }
                    run++;
                    method.setAccessible(true);
                    try {
                        method.invoke(null);
                        System.out.println("ok   " + name + "." + method.getName());
                    } catch (InvocationTargetException e) {
                        failed++;
                        System.out.println("FAIL " + name + "." + method.getName() + ": " + e.getCause());
                    }
                }
            }
        }
        System.out.println(run + " tests, " + failed + " failed");
        System.exit(failed == 0 ? 0 : 1);
    }
}
