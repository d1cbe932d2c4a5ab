package dev.loupe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code loupe serve} is registered, documents its options, and refuses bad ones with a one-line error. */
class ServeCommandTest {
    private static String[] run(String... args) {
        CommandLine cl = Loupe.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void serveIsASubcommandWithLocalDefaults() {
        assertThat(Loupe.commandLine().getSubcommands()).containsKey("serve");
        String[] r = run("serve", "--help");
        assertThat(r[0]).isEqualTo("0");
        assertThat(r[1]).contains("--model", "--data", "--port", "--host", "127.0.0.1", "--tsne");
    }

    @Test
    void aBadPortOrModelIsAOneLineUserError() {
        String[] r = run("serve", "--port", "70000");
        assertThat(r[0]).isEqualTo(Integer.toString(Loupe.USER_ERROR));
        assertThat(r[2].strip()).isEqualTo("loupe serve: --port must be in 0..65535, got 70000");
        r = run("serve", "--port", "0", "--model", "no-such-arch");
        assertThat(r[0]).isEqualTo(Integer.toString(Loupe.USER_ERROR));
        assertThat(r[2]).contains("no model file 'no-such-arch'");
    }
}
