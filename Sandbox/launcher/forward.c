#include "forward.h"

#include <errno.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#define MAX_CONNS 32
#define BUF_SIZE 16384
/* How often a connection waiting for the service to listen tries again. */
#define AWAIT_RETRY_NS 1000000ull

struct direction {
    char buf[BUF_SIZE];
    size_t len, off;
    bool eof, shut;
};

/* fd[0] is the host's Unix connection, fd[1] the TCP socket in the box;
 * dir[i] carries bytes read from fd[i] to fd[1 - i]. */
struct conn {
    bool used, connecting;
    /* Made before the service first listened: no TCP socket for now, tried again at retry_at. */
    bool awaiting;
    uint64_t retry_at;
    /* The client closed both ways (POLLHUP or POLLERR on its side): it is polled again only to read what it left. */
    bool client_hup;
    int fd[2];
    struct direction dir[2];
    int pollidx[2];
};

static int listen_fd = -1;
static char *socket_path;
static int ctl_fd = -1;
static int box_port;
static struct conn conns[MAX_CONNS];
static int listen_pollidx = -1;
/* Whether a connection to the service has ever been made: until then a refused connection waits for it to listen, as
 * with socket activation, so a client needs no polling to learn when the service is up; after it, a refused
 * connection is closed at once, since a service that stopped listening is not starting. */
static bool service_listened;

void forward_listen(const char *path)
{
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    if (strlen(path) >= sizeof addr.sun_path)
        die_usage("--forward: socket path %s is longer than %zu bytes", path, sizeof addr.sun_path - 1);
    strcpy(addr.sun_path, path);
    struct stat st;
    if (lstat(path, &st) == 0) {
        if (!S_ISSOCK(st.st_mode))
            die("--forward: %s exists and is not a socket; refusing to replace it", path);
        unlink(path);
    }
    listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (listen_fd < 0 || bind(listen_fd, (struct sockaddr *)&addr, sizeof addr) != 0)
        die_errno("--forward: cannot listen on %s", path);
    socket_path = xstrdup(path);
    if (chmod(path, 0600) != 0)
        die_errno("--forward: cannot restrict %s to its owner", path);
    if (listen(listen_fd, 64) != 0)
        die_errno("--forward: cannot listen on %s", path);
}

void forward_start(int ctl, int port)
{
    ctl_fd = ctl;
    box_port = port;
}

static void close_conn(struct conn *c)
{
    close(c->fd[0]);
    if (c->fd[1] >= 0)
        close(c->fd[1]);
    c->used = false;
}

/* Ask the box's init for a TCP socket that lives in the box's netns. */
static int socket_in_box(void)
{
    if (ctl_fd < 0 || send(ctl_fd, "s", 1, MSG_NOSIGNAL) != 1)
        return -1;
    struct pollfd p = {ctl_fd, POLLIN, 0};
    if (poll(&p, 1, 1000) != 1)
        return -1;
    char status;
    char control[CMSG_SPACE(sizeof(int))];
    struct iovec iov = {&status, 1};
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control};
    if (recvmsg(ctl_fd, &msg, MSG_CMSG_CLOEXEC) != 1 || status != 'y')
        return -1;
    struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);
    if (!cm || cm->cmsg_type != SCM_RIGHTS)
        return -1;
    int fd;
    memcpy(&fd, CMSG_DATA(cm), sizeof fd);
    return fd;
}

/* The service refused c's connection: c waits for it to listen, or is closed (the client sees EOF) once it has. */
static void refused(struct conn *c)
{
    if (service_listened) {
        close_conn(c);
        return;
    }
    close(c->fd[1]);
    c->fd[1] = -1;
    c->connecting = false;
    c->awaiting = true;
    c->retry_at = monotonic_ns() + AWAIT_RETRY_NS;
}

/* Connect c to the service in the box with a new socket from the box's init. */
static void connect_to_service(struct conn *c)
{
    int t = socket_in_box();
    if (t < 0) {
        close_conn(c);
        return;
    }
    c->fd[1] = t;
    c->awaiting = false;
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)box_port)};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(t, (struct sockaddr *)&addr, sizeof addr) == 0)
        service_listened = true;
    else if (errno == EINPROGRESS)
        c->connecting = true;
    else if (errno == ECONNREFUSED)
        refused(c);
    else
        close_conn(c);
}

static void accept_one(void)
{
    int u = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (u < 0)
        return;
    struct conn *c = NULL;
    for (size_t i = 0; i < MAX_CONNS && !c; i++)
        if (!conns[i].used)
            c = &conns[i];
    if (!c) {
        close(u);
        return;
    }
    memset(c, 0, sizeof *c);
    c->used = true;
    c->fd[0] = u;
    c->fd[1] = -1;
    connect_to_service(c);
}

int64_t forward_wait_ns(uint64_t now)
{
    int64_t wait = -1;
    for (size_t i = 0; i < MAX_CONNS; i++) {
        const struct conn *c = &conns[i];
        if (!c->used || !c->awaiting)
            continue;
        int64_t until = c->retry_at > now ? (int64_t)(c->retry_at - now) : 0;
        if (wait < 0 || until < wait)
            wait = until;
    }
    return wait;
}

size_t forward_pollfds(struct pollfd *pfd, size_t room)
{
    size_t n = 0;
    listen_pollidx = -1;
    if (listen_fd < 0 || room < 1)
        return 0;
    listen_pollidx = (int)n;
    pfd[n++] = (struct pollfd){listen_fd, POLLIN, 0};
    for (size_t i = 0; i < MAX_CONNS; i++) {
        struct conn *c = &conns[i];
        c->pollidx[0] = c->pollidx[1] = -1;
        if (!c->used || n + 2 > room)
            continue;
        if (c->awaiting) {
            /* Nothing is read from the client until the service is there; only its hang-up is watched for. */
            c->pollidx[0] = (int)n;
            pfd[n++] = (struct pollfd){c->client_hup ? -1 : c->fd[0], 0, 0};
            c->pollidx[1] = (int)n;
            pfd[n++] = (struct pollfd){-1, 0, 0};
            continue;
        }
        for (int side = 0; side < 2; side++) {
            short ev = 0;
            if (side == 1 && c->connecting)
                ev = POLLOUT;
            else if (!c->connecting) {
                if (!c->dir[side].eof && c->dir[side].len == 0)
                    ev |= POLLIN;
                if (c->dir[1 - side].len > c->dir[1 - side].off)
                    ev |= POLLOUT;
            }
            /* poll() always reports POLLHUP and POLLERR, asked for or not, so a side with nothing asked of it is
             * left out (a negative fd is skipped) once it has hung up, or it would wake this loop at once, again and
             * again. The box's side is left out whenever nothing is asked of it (its reading done, nothing queued
             * for it): a service that hung up would otherwise spin the loop until the client finishes. The
             * client's side stays in until it hangs up: on a Unix socket POLLHUP means the client closed both ways
             * (a half-close raises only POLLIN), and forward_handle then ends the connection once what the client
             * sent has been read, since the answer has nowhere to go. While the box's side is still connecting (a
             * service that does not accept, its backlog full) or the box has not taken what the client sent, a
             * hung-up client is left out until there is something to read from it again. */
            bool hung_up = side == 0 ? c->client_hup : true;
            c->pollidx[side] = (int)n;
            pfd[n++] = (struct pollfd){ev || !hung_up ? c->fd[side] : -1, ev, 0};
        }
    }
    return n;
}

/* Move what can be moved without blocking; false when the connection broke. */
static bool pump(struct conn *c, int side, short revents)
{
    struct direction *d = &c->dir[side];
    if ((revents & (POLLIN | POLLHUP | POLLERR)) && !d->eof && d->len == 0) {
        ssize_t n = read(c->fd[side], d->buf, BUF_SIZE);
        if (n > 0) {
            d->len = (size_t)n;
            d->off = 0;
        } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
            d->eof = true;
        }
    }
    /* The service's answer to a client that hung up has nowhere to go: it is read and dropped, so that what the
     * client sent still reaches the service, however it answers. */
    if (side == 1 && c->client_hup)
        d->len = d->off = 0;
    if (d->len > d->off) {
        ssize_t n = send(c->fd[1 - side], d->buf + d->off, d->len - d->off, MSG_NOSIGNAL);
        if (n > 0) {
            d->off += (size_t)n;
            if (d->off == d->len)
                d->len = d->off = 0;
        } else if (n < 0 && errno != EAGAIN && errno != EINTR) {
            return false;
        }
    }
    if (d->eof && d->len == 0 && !d->shut) {
        shutdown(c->fd[1 - side], SHUT_WR);
        d->shut = true;
    }
    return true;
}

void forward_handle(const struct pollfd *pfd)
{
    if (listen_pollidx < 0)
        return;
    for (size_t i = 0; i < MAX_CONNS; i++) {
        struct conn *c = &conns[i];
        if (!c->used || c->pollidx[0] < 0)
            continue;
        short client = pfd[c->pollidx[0]].revents;
        if (client & (POLLHUP | POLLERR))
            c->client_hup = true;
        if (c->awaiting) {
            /* A client that hung up before the service listened is closed; what it sent is dropped. */
            if (c->client_hup)
                close_conn(c);
            else if (monotonic_ns() >= c->retry_at)
                connect_to_service(c);
            continue;
        }
        /* A client gone without a byte left to read has nothing for a service still being connected to (one not
         * accepting can keep a connect in progress for two minutes of SYN retries): its place is freed at once. */
        int unread = 0;
        if (c->connecting && c->client_hup && (ioctl(c->fd[0], FIONREAD, &unread) != 0 || unread == 0)) {
            close_conn(c);
            continue;
        }
        if (c->connecting) {
            short re = pfd[c->pollidx[1]].revents;
            if (!re)
                continue;
            int err = 0;
            socklen_t len = sizeof err;
            getsockopt(c->fd[1], SOL_SOCKET, SO_ERROR, &err, &len);
            if (err == ECONNREFUSED) {
                refused(c);
                continue;
            }
            if (err) {
                close_conn(c);
                continue;
            }
            c->connecting = false;
            service_listened = true;
        }
        bool ok = pump(c, 0, client) && pump(c, 1, pfd[c->pollidx[1]].revents);
        bool client_gone = c->dir[0].eof && c->client_hup;
        if (!ok || client_gone || (c->dir[0].shut && c->dir[1].shut))
            close_conn(c);
    }
    if (pfd[listen_pollidx].revents & POLLIN)
        accept_one();
}

void forward_stop(void)
{
    for (size_t i = 0; i < MAX_CONNS; i++)
        if (conns[i].used)
            close_conn(&conns[i]);
    if (listen_fd >= 0)
        close(listen_fd);
    listen_fd = -1;
    if (socket_path)
        unlink(socket_path);
}
