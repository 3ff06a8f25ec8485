import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * The Java prepare command of test-the-cart's mutation tests (see grader.toml): compiles each directory named on the
 * command line on its own, its *.java into its own out/, all in this one JVM. Starting javac once per mutant cost a
 * second of CPU each (35 mutants and 3 correct carts per grading); in one JVM, after the first, each takes a few
 * dozen milliseconds. Each run of the learner's suite then copies one directory's out/Cart*.class over the
 * learner's build (javac -d out *.java) and runs java -cp out CartTest.
 */
public class CompileEach {
    public static void main(String[] args) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int failed = 0;
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
            for (String directory : args) {
                List<Path> sources = new ArrayList<>();
                try (DirectoryStream<Path> found = Files.newDirectoryStream(Path.of(directory), "*.java")) {
                    found.forEach(sources::add);
                }
                Path out = Files.createDirectories(Path.of(directory, "out"));
                List<String> options = List.of("-d", out.toString(), "-sourcepath", directory, "-proc:none");
                boolean compiled = !sources.isEmpty()
                        && javac.getTask(null, files, null, options, null, files.getJavaFileObjectsFromPaths(sources))
                                .call();
                if (!compiled) {
                    System.err.println(directory + ": " + (sources.isEmpty() ? "no .java file" : "does not compile"));
                    failed++;
                }
            }
        }
        System.exit(failed == 0 ? 0 : 1);
    }
}
