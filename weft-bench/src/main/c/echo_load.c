/*
 * The native load client of the echo benchmark's CPU-per-message table: one thread, epoll, CONNS
 * connections to 127.0.0.1:PORT, each a closed-loop ping-pong (send SIZE bytes, read SIZE bytes back,
 * check them, send the next). Native and single-threaded, it leaves the server's core to the server:
 * EchoBench pins it to one core (taskset) and the server to the other.
 *
 * usage: echo_load PORT CONNS WARMUP_S MEASURE_S SIZE
 * Prints "MEASURE" on stdout when the measured window opens (EchoBench then reads the server's CPU
 * time) and, when it closes, "RESULT <round trips> <seconds> <errors>", each flushed at once.
 * Built by EchoBench with the machine's C compiler (cc -O2) into weft-bench/target/native/.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

struct conn {
    int fd;
    unsigned char fill; /* every byte of the current message */
    size_t sent, got;   /* of the current message */
};

static size_t size;
static unsigned char *msg, *back;
static int ep;

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double) t.tv_sec + (double) t.tv_nsec / 1e9;
}

static void want(struct conn *c, unsigned events) {
    struct epoll_event ev = {.events = events, .data.ptr = c};
    epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
}

/* Sends the rest of c's message: 0 ok (the rest, if any, waits for EPOLLOUT), -1 error. */
static int send_rest(struct conn *c) {
    while (c->sent < size) {
        memset(msg, c->fill, size - c->sent); /* all bytes alike: any offset reads the same */
        ssize_t n = write(c->fd, msg, size - c->sent);
        if (n < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                want(c, EPOLLIN | EPOLLOUT);
                return 0;
            }
            if (errno == EINTR) continue;
            return -1;
        }
        c->sent += (size_t) n;
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 6) {
        fprintf(stderr, "usage: echo_load PORT CONNS WARMUP_S MEASURE_S SIZE\n");
        return 2;
    }
    int port = atoi(argv[1]);
    int conns = atoi(argv[2]);
    double warmup = atof(argv[3]), measure = atof(argv[4]);
    size = (size_t) atol(argv[5]);
    if (port <= 0 || conns <= 0 || size == 0 || measure <= 0 || warmup < 0) {
        fprintf(stderr, "echo_load: bad arguments (port %d, conns %d, size %zu, warm-up %g s, measure %g s)\n",
                port, conns, size, warmup, measure);
        return 2;
    }
    msg = malloc(size);
    back = malloc(size);
    ep = epoll_create1(0);
    struct conn *cs = calloc((size_t) conns, sizeof *cs);
    int one = 1;
    for (int i = 0; i < conns; i++) {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((unsigned short) port)};
        inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
        if (fd < 0 || connect(fd, (struct sockaddr *) &a, sizeof a)) {
            perror("echo_load: connect");
            return 1;
        }
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
        cs[i].fd = fd;
        cs[i].fill = (unsigned char) i;
        struct epoll_event ev = {.events = EPOLLIN, .data.ptr = &cs[i]};
        epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
        if (send_rest(&cs[i])) {
            perror("echo_load: write");
            return 1;
        }
    }
    double t0 = now(), open = t0 + warmup, close_at = open + measure, started = 0;
    long count = 0, errors = 0, before = 0;
    int stopping = 0, idle = 0; /* idle: connections done (echo back, nothing more sent, or broken) */
    double stop_by = 0;
    struct epoll_event evs[256];
    for (;;) {
        double t = now();
        if (started == 0 && t >= open) {
            started = t;
            before = count;
            printf("MEASURE\n");
            fflush(stdout);
        }
        if (started != 0 && t >= close_at && !stopping) {
            printf("RESULT %ld %.6f %ld\n", count - before, t - started, errors);
            fflush(stdout);
            /* Let every echo in flight arrive before closing: a socket closed with unread bytes
             * sends a reset, which a server would report as an error. */
            stopping = 1;
            stop_by = t + 2;
        }
        if (stopping && (idle == conns || t >= stop_by)) {
            for (int i = 0; i < conns; i++) {
                if (cs[i].fd >= 0) close(cs[i].fd);
            }
            return 0;
        }
        int n = epoll_wait(ep, evs, 256, 10);
        for (int i = 0; i < n; i++) {
            struct conn *c = evs[i].data.ptr;
            if (c->fd < 0) continue;
            if (evs[i].events & EPOLLOUT) {
                if (send_rest(c)) goto broken;
                if (c->sent == size) want(c, EPOLLIN);
            }
            if (!(evs[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP))) continue;
            ssize_t got = read(c->fd, back, size - c->got);
            if (got < 0 && (errno == EAGAIN || errno == EINTR)) continue;
            if (got <= 0) goto broken;
            for (ssize_t k = 0; k < got; k++) {
                if (back[k] != c->fill) goto broken;
            }
            c->got += (size_t) got;
            if (c->got < size) continue;
            if (c->sent < size) goto broken; /* an echo longer than what was sent */
            count++;
            c->fill++;
            c->sent = c->got = 0;
            if (stopping) {
                idle++;
                epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
                continue;
            }
            if (send_rest(c)) goto broken;
            if (c->sent == size) want(c, EPOLLIN);
            continue;
        broken:
            errors++;
            idle++;
            epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
            close(c->fd);
            c->fd = -1;
        }
    }
}
