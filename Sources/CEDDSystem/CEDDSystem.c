#define _GNU_SOURCE
#include "CEDDSystem.h"

#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

int cedd_epoll_create(void) { return epoll_create1(EPOLL_CLOEXEC); }

int cedd_epoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t data) {
    struct epoll_event ev;
    memset(&ev, 0, sizeof ev);
    ev.events = events;
    ev.data.u64 = data;
    return epoll_ctl(epfd, op, fd, &ev);
}

int cedd_epoll_wait(int epfd, cedd_epoll_event *events, int maxevents, int timeout_ms) {
    struct epoll_event raw[256];
    if (maxevents > 256) maxevents = 256;
    int n = epoll_wait(epfd, raw, maxevents, timeout_ms);
    for (int i = 0; i < n; i++) {
        events[i].events = raw[i].events;
        events[i].data = raw[i].data.u64;
    }
    return n;
}

int cedd_eventfd(void) { return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC); }

void cedd_eventfd_signal(int fd) {
    uint64_t one = 1;
    ssize_t r = write(fd, &one, sizeof one);
    (void)r;
}

void cedd_eventfd_drain(int fd) {
    uint64_t value;
    ssize_t r = read(fd, &value, sizeof value);
    (void)r;
}

int cedd_accept(int fd) { return accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC); }

static int signal_pipe[2] = {-1, -1};

static void on_signal(int signo) {
    int saved = errno;
    uint8_t byte = (uint8_t)signo;
    ssize_t r = write(signal_pipe[1], &byte, 1);
    (void)r;
    errno = saved;
}

int cedd_signal_pipe_install(const int *signals, int count) {
    if (signal_pipe[0] < 0) {
        if (pipe2(signal_pipe, O_CLOEXEC) != 0) return -1;
        // The write end never blocks: a full pipe just drops a duplicate signal.
        fcntl(signal_pipe[1], F_SETFL, O_NONBLOCK);
    }
    for (int i = 0; i < count; i++) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sa.sa_flags = SA_RESTART;
        sigemptyset(&sa.sa_mask);
        if (sigaction(signals[i], &sa, NULL) != 0) return -1;
    }
    return signal_pipe[0];
}

void cedd_signal_pipe_poke(uint8_t byte) {
    if (signal_pipe[1] < 0) return;
    ssize_t r = write(signal_pipe[1], &byte, 1);
    (void)r;
}

void cedd_signal_restore(const int *signals, int count) {
    for (int i = 0; i < count; i++) signal(signals[i], SIG_DFL);
}

void cedd_set_thread_name(const char *name) { pthread_setname_np(pthread_self(), name); }

int cedd_contains(const void *haystack, size_t haystack_length, const void *needle, size_t needle_length) {
    return memmem(haystack, haystack_length, needle, needle_length) != NULL;
}

void cedd_release_free_memory(void) {
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}
