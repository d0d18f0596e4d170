/*
 * The floor of the echo benchmark: a C epoll echo server, one thread, level-triggered, non-blocking
 * sockets. Each readable connection is read once (up to 64 KiB) and what was read is written back;
 * whatever the socket does not take at once waits for EPOLLOUT. No framing, no copies beyond the
 * kernel's: what a server cannot do with less.
 *
 * usage: echo_server PORT   (0: any free port). Prints "PORT <n>" on stdout once it listens.
 * Built by EchoBench with the machine's C compiler (cc -O2) into weft-bench/target/native/.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define BUF (64 * 1024)

struct conn {
    int fd;
    char *pending; /* bytes read but not yet written back */
    size_t off, len;
};

static int ep;

static void drop(struct conn *c) {
    epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    free(c->pending);
    free(c);
}

/* Writes c's pending bytes; 0 when all went, 1 when the rest waits for EPOLLOUT, -1 on error. */
static int flush(struct conn *c) {
    while (c->off < c->len) {
        ssize_t n = write(c->fd, c->pending + c->off, c->len - c->off);
        if (n < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                struct epoll_event ev = {.events = EPOLLOUT, .data.ptr = c};
                epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
                return 1;
            }
            if (errno == EINTR) continue;
            return -1;
        }
        c->off += (size_t) n;
    }
    c->off = c->len = 0;
    return 0;
}

int main(int argc, char **argv) {
    int port = argc > 1 ? atoi(argv[1]) : 0;
    int ls = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int one = 1;
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (bind(ls, (struct sockaddr *) &a, sizeof a) || listen(ls, 1024)) {
        perror("echo_server: bind/listen");
        return 1;
    }
    socklen_t al = sizeof a;
    getsockname(ls, (struct sockaddr *) &a, &al);
    printf("PORT %d\n", ntohs(a.sin_port));
    fflush(stdout);
    ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = NULL};
    epoll_ctl(ep, EPOLL_CTL_ADD, ls, &ev);
    static char buf[BUF];
    struct epoll_event evs[256];
    for (;;) {
        int n = epoll_wait(ep, evs, 256, -1);
        if (n < 0) {
            if (errno == EINTR) continue;
            perror("echo_server: epoll_wait");
            return 1;
        }
        for (int i = 0; i < n; i++) {
            struct conn *c = evs[i].data.ptr;
            if (c == NULL) {
                int fd;
                while ((fd = accept4(ls, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
                    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    struct conn *nc = calloc(1, sizeof *nc);
                    nc->fd = fd;
                    struct epoll_event e2 = {.events = EPOLLIN, .data.ptr = nc};
                    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e2);
                }
                continue;
            }
            if (evs[i].events & EPOLLOUT) {
                int r = flush(c);
                if (r < 0) { drop(c); continue; }
                if (r == 0) {
                    struct epoll_event e2 = {.events = EPOLLIN, .data.ptr = c};
                    epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &e2);
                }
                continue;
            }
            ssize_t got = read(c->fd, buf, BUF);
            if (got == 0 || (got < 0 && errno != EAGAIN && errno != EINTR)) {
                drop(c);
                continue;
            }
            if (got < 0) continue;
            ssize_t w = write(c->fd, buf, (size_t) got);
            if (w == got) continue;
            if (w < 0) {
                if (errno != EAGAIN && errno != EWOULDBLOCK) { drop(c); continue; }
                w = 0;
            }
            /* the socket took part of it: keep the rest until EPOLLOUT */
            c->pending = realloc(c->pending, (size_t) (got - w));
            memcpy(c->pending, buf + w, (size_t) (got - w));
            c->off = 0;
            c->len = (size_t) (got - w);
            if (flush(c) < 0) drop(c);
        }
    }
}
