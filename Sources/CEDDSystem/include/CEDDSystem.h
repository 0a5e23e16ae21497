// Thin wrappers over Linux system calls that Swift cannot call comfortably.
//
// `struct epoll_event` is packed on x86_64, so Swift cannot build arrays of it safely; the wrappers take an
// unpacked mirror instead. Signal handling uses the self-pipe trick: the handler only write(2)s the signal
// number to a pipe, which is async-signal-safe and works whatever the other threads' signal masks are.
#ifndef CEDD_SYSTEM_H
#define CEDD_SYSTEM_H

#include <stddef.h>
#include <stdint.h>

#define CEDD_EPOLLIN 0x001u
#define CEDD_EPOLLOUT 0x004u
#define CEDD_EPOLLERR 0x008u
#define CEDD_EPOLLHUP 0x010u
#define CEDD_EPOLLRDHUP 0x2000u
#define CEDD_EPOLLEXCLUSIVE (1u << 28)

#define CEDD_EPOLL_CTL_ADD 1
#define CEDD_EPOLL_CTL_DEL 2
#define CEDD_EPOLL_CTL_MOD 3

/// An unpacked mirror of `struct epoll_event`.
typedef struct {
    uint32_t events;
    uint64_t data;
} cedd_epoll_event;

/// epoll_create1(EPOLL_CLOEXEC).
int cedd_epoll_create(void);
/// epoll_ctl with the event built from `events` and `data`.
int cedd_epoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t data);
/// epoll_wait into an unpacked array (at most 256 events per call).
int cedd_epoll_wait(int epfd, cedd_epoll_event *events, int maxevents, int timeout_ms);
/// eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC).
int cedd_eventfd(void);
/// Adds 1 to an eventfd counter (wakes its epoll waiters).
void cedd_eventfd_signal(int fd);
/// Resets an eventfd counter.
void cedd_eventfd_drain(int fd);

/// accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC) (accept4 is a GNU extension Swift does not see).
int cedd_accept(int fd);

/// Installs handlers for `signals` that write the signal number (one byte) to a pipe; returns the pipe's read
/// end (blocking), or -1 with errno set. Calling it again reuses the same pipe.
int cedd_signal_pipe_install(const int *signals, int count);
/// Writes `byte` to the signal pipe (used to wake and stop the reading thread).
void cedd_signal_pipe_poke(uint8_t byte);

/// Names the calling thread (at most 15 bytes are kept), as `top -H` and /proc/PID/task/*/comm show it.
void cedd_set_thread_name(const char *name);

/// Whether `needle` occurs in `haystack` (memmem, a GNU extension Swift does not see).
int cedd_contains(const void *haystack, size_t haystack_length, const void *needle, size_t needle_length);

/// Restores the default disposition of `signals`.
void cedd_signal_restore(const int *signals, int count);

/// Returns the heap's free memory to the system (glibc's malloc_trim(0); nothing elsewhere): a spilled read
/// frees each partition's tables before the next, and without it the freed pages stay resident.
void cedd_release_free_memory(void);

#endif
