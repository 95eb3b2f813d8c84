/* A stand-in for java.exe in the tests of bin/svcctl.cmd under Wine: "-version" reports FAKE_JAVA_VERSION the way
   java does (on stderr); any other call prints its arguments, one per line, so a test can check the command line
   the launcher built. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    if (argc == 2 && strcmp(argv[1], "-version") == 0) {
        const char *version = getenv("FAKE_JAVA_VERSION");
        fprintf(stderr, "openjdk version \"%s\" 2019-01-15\n", version ? version : "unknown");
        return 0;
    }
    for (int i = 1; i < argc; i++) {
        printf("%s\n", argv[i]);
    }
    return 0;
}
