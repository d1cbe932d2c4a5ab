package dev.loupe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every subcommand's {@code --help} lists each option once. (picocli 4.7.6 listed the options of an exclusive group
 * declared in a mixin twice, {@code --image} and {@code --index} of the image commands among them.)
 */
class HelpTest {
    /** An option in the list (indented a little; the synopsis wraps deeper). */
    private static final Pattern OPTION_LINE = Pattern.compile("^ {2,6}(?:-\\w, )?(--[\\w-]+)", Pattern.MULTILINE);

    @Test
    void everySubcommandListsEachOptionOnce() {
        Map<String, CommandLine> subcommands = Loupe.commandLine().getSubcommands();
        assertThat(subcommands).containsKeys("occlude", "predict", "explain", "dream");
        subcommands.forEach((name, command) -> {
            StringWriter out = new StringWriter();
            command.usage(new PrintWriter(out));
            Matcher m = OPTION_LINE.matcher(out.toString());
            List<String> listed = new ArrayList<>();
            while (m.find()) {
                listed.add(m.group(1));
            }
            assertThat(listed).as("options listed by 'loupe %s --help'", name).doesNotHaveDuplicates()
                    .contains("--help");
        });
    }
}
