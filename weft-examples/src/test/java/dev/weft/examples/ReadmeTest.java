package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What the README copies or names must be what the repository holds. */
class ReadmeTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize(); // tests run in weft-examples/

    private static String readme() throws IOException {
        return Files.readString(ROOT.resolve("README.md"));
    }

    @Test
    void thePomSnippetIsTheSampleProjectsOwn() throws IOException {
        String pom = Files.readString(ROOT.resolve("samples/maven/pom.xml"));
        int begin = pom.indexOf("<!-- readme:begin -->\n");
        int end = pom.indexOf("  <!-- readme:end -->");
        assertThat(begin).as("samples/maven/pom.xml marks the README's part").isNotNegative();
        assertThat(end).isGreaterThan(begin);
        String part = pom.substring(begin + "<!-- readme:begin -->\n".length(), end);
        assertThat(readme()).as("the README's pom snippet, copied from samples/maven/pom.xml between readme:begin and readme:end")
                .contains("```xml\n" + part + "```\n");
    }

    @Test
    void everySourceFileTheReadmeNamesExists() throws IOException {
        Matcher m = Pattern.compile("(weft-examples/src/main/java/[\\w/]+(\\.java|/))").matcher(readme());
        List<String> missing = new ArrayList<>();
        int named = 0;
        while (m.find()) {
            named++;
            if (!Files.exists(ROOT.resolve(m.group(1)))) {
                missing.add(m.group(1));
            }
        }
        assertThat(named).as("the README names the demo sources").isGreaterThan(5);
        assertThat(missing).isEmpty();
    }
}
