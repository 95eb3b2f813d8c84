/* Prototype for docs/design/shared-host.md: a log router that cannot lose what it was killed holding.
 * Usage: teerouter FIFO FILE. It copies the FIFO's bytes to FILE (O_APPEND) without consuming them first:
 * tee(2) duplicates the pipe's content into a private pipe, that copy is written to FILE, and only then are the
 * same bytes consumed from the FIFO. Killed at any point, the bytes it held are still in the FIFO (whoever holds
 * the FIFO open, systemd's socket unit here, keeps them) and the next router writes them: a kill can duplicate
 * at most one chunk, never lose one. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: teerouter FIFO FILE\n"); return 2; }
    int in = open(argv[1], O_RDONLY);
    int out = open(argv[2], O_WRONLY | O_CREAT | O_APPEND, 0640);
    int copy[2];
    if (in < 0 || out < 0 || pipe(copy) < 0) { perror("open"); return 1; }
    static char buf[65536];
    for (;;) {
        ssize_t n = tee(in, copy[1], sizeof buf, 0);   /* blocks until the FIFO has data */
        if (n <= 0) { if (n == 0) continue; perror("tee"); return 1; }
        ssize_t got = read(copy[0], buf, (size_t)n);
        for (ssize_t done = 0; done < got;) {
            ssize_t w = write(out, buf + done, (size_t)(got - done));
            if (w < 0) { perror("write"); return 1; }
            done += w;
        }
        for (ssize_t left = got; left > 0;) {          /* now consume exactly what was written */
            ssize_t r = read(in, buf, (size_t)left);
            if (r <= 0) { perror("read"); return 1; }
            left -= r;
        }
    }
}
