/* SPDX-License-Identifier: Apache-2.0 */
/*
 * socialcard-sim: the software social security card behind the vsmartcard
 * vpcd socket, so that the real pcscd and any PC/SC client reach it.
 *
 * Wire protocol (both ways): a 2-byte big-endian length, then the payload.
 * From the reader, 1-byte payloads are controls: 00 power off, 01 power
 * on, 02 reset, 04 get ATR (answered with the ATR); anything longer is a
 * command APDU, answered with the response APDU.  TCP_NODELAY is set and
 * TCP_QUICKACK re-armed before every read: vpcd writes the length and the
 * payload separately, and without this each APDU waits ~40 ms for a
 * delayed ACK.
 *
 * Closing the connection is pulling the card: --remove-after N does so
 * after N command APDUs, SIGTERM/SIGINT at any time.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "reader/reader_int.h"
#include "reader/sim_card.h"

static volatile sig_atomic_t stop;
static bool quickack = true;

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void
usage(FILE *f)
{
	fprintf(f,
		"usage: socialcard-sim [--host 127.0.0.1] [--port 35963] "
		"[--profile FILE.json]\n"
		"                      [--contactless] [--remove-after N] "
		"[--verbose] [--no-quickack]\n"
		"Connects a software social security card to vpcd (vsmartcard) "
		"on HOST:PORT.\n"
		"Port 35963 is reader \"Virtual PCD 00 00\", 35964 \"Virtual "
		"PCD 00 01\".\n"
		"--no-quickack leaves TCP_QUICKACK off (only to measure its "
		"effect).\n");
}

static int
read_full(int fd, uint8_t *p, size_t n)
{
	size_t got = 0;
	int one = 1;

	while (got < n) {
		ssize_t r;

		/* re-armed before every read: the kernel clears it */
		if (quickack)
			setsockopt(fd, IPPROTO_TCP, TCP_QUICKACK, &one,
				   sizeof(one));
		r = recv(fd, p + got, n - got, 0);
		if (r == 0)
			return 0;
		if (r < 0) {
			if (errno == EINTR && !stop)
				continue;
			return -1;
		}
		got += (size_t)r;
	}
	return 1;
}

static int
send_msg(int fd, const uint8_t *p, size_t n)
{
	uint8_t buf[2 + SSC__SIM_RESP_MAX];
	size_t off = 0;

	buf[0] = (uint8_t)(n >> 8);
	buf[1] = (uint8_t)n;
	memcpy(buf + 2, p, n);
	n += 2;
	while (off < n) {
		ssize_t w = send(fd, buf + off, n - off, MSG_NOSIGNAL);

		if (w < 0) {
			if (errno == EINTR && !stop)
				continue;
			return -1;
		}
		off += (size_t)w;
	}
	return 0;
}

static void
log_apdu(const char *dir, const uint8_t *p, size_t n)
{
	size_t i, off = n;

	if (!ssc__reader_cmd_has_pin(p, n, &off))
		off = n;
	fprintf(stderr, "socialcard-sim: %s ", dir);
	for (i = 0; i < n; i++)
		fprintf(stderr, i < off ? "%02X" : "**", p[i]);
	fputc('\n', stderr);
}

static int
connect_vpcd(const char *host, int port)
{
	struct sockaddr_in sa;
	int one = 1, tries;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, host, &sa.sin_addr) != 1) {
		fprintf(stderr, "socialcard-sim: %s is not an IPv4 address\n",
			host);
		return -1;
	}
	for (tries = 0; tries < 50 && !stop; tries++) {
		int fd = socket(AF_INET, SOCK_STREAM, 0);
		struct timespec ts = { 0, 100 * 1000 * 1000 };

		if (fd < 0)
			return -1;
		if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0) {
			setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one,
				   sizeof(one));
			return fd;
		}
		close(fd);
		nanosleep(&ts, NULL);
	}
	fprintf(stderr, "socialcard-sim: cannot connect to vpcd on %s:%d: %s\n",
		host, port, strerror(errno));
	return -1;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "host", required_argument, NULL, 'H' },
		{ "port", required_argument, NULL, 'p' },
		{ "profile", required_argument, NULL, 'f' },
		{ "contactless", no_argument, NULL, 'c' },
		{ "remove-after", required_argument, NULL, 'r' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "no-quickack", no_argument, NULL, 'Q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *host = "127.0.0.1", *profile = NULL;
	int port = 35963, ch, fd, iface = SSC_INTERFACE_CONTACT;
	long remove_after = -1, napdu = 0;
	bool verbose = false, powered = false;
	ssc__sim_card *card = NULL;
	struct sigaction sa;
	int status = 0;

	while ((ch = getopt_long(argc, argv, "H:p:f:cr:vQh", opts, NULL)) != -1) {
		switch (ch) {
		case 'H':
			host = optarg;
			break;
		case 'p':
			port = atoi(optarg);
			break;
		case 'f':
			profile = optarg;
			break;
		case 'c':
			iface = SSC_INTERFACE_CONTACTLESS;
			break;
		case 'r':
			remove_after = atol(optarg);
			break;
		case 'v':
			verbose = true;
			break;
		case 'Q':
			quickack = false;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc || port <= 0 || port > 65535) {
		usage(stderr);
		return 2;
	}
	if ((profile ? ssc__sim_card_load(&card, NULL, profile)
		     : ssc__sim_card_new(&card, NULL, NULL)) < 0) {
		fprintf(stderr, "socialcard-sim: %s\n",
			ssc_error_last()->message);
		return 1;
	}
	if (ssc__sim_card_power_on(card, iface) < 0) {
		fprintf(stderr, "socialcard-sim: %s\n",
			ssc_error_last()->message);
		ssc__sim_card_free(card);
		return 1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	if ((fd = connect_vpcd(host, port)) < 0) {
		ssc__sim_card_free(card);
		return 1;
	}
	if (verbose)
		fprintf(stderr, "socialcard-sim: card inserted at %s:%d\n",
			host, port);
	while (!stop) {
		uint8_t hdr[2], msg[SSC__READER_CMD_MAX], resp[SSC__SIM_RESP_MAX];
		size_t n, rl = 0;
		int r = read_full(fd, hdr, 2);

		if (r <= 0) {
			status = r < 0 && !stop ? 1 : 0;
			break;
		}
		n = (size_t)hdr[0] << 8 | hdr[1];
		if (n == 0 || read_full(fd, msg, n) <= 0) {
			status = n == 0 ? 0 : 1;
			if (n == 0)
				continue;
			break;
		}
		if (n == 1) {
			switch (msg[0]) {
			case 0x00:
				powered = false;
				break;
			case 0x01:
			case 0x02:
				ssc__sim_card_power_on(card, iface);
				powered = true;
				break;
			case 0x04:
				rl = ssc__sim_card_atr(card, resp);
				if (send_msg(fd, resp, rl) < 0)
					stop = 1;
				break;
			default:
				break;
			}
			continue;
		}
		if (!powered) {
			ssc__sim_card_power_on(card, iface);
			powered = true;
		}
		if (verbose)
			log_apdu(">", msg, n);
		ssc__sim_card_process(card, msg, n, resp, &rl);
		if (verbose) /* response data may be personal: SW only */
			fprintf(stderr, "socialcard-sim: < [%zu bytes] "
				"%02X%02X\n", rl - 2, resp[rl - 2],
				resp[rl - 1]);
		if (send_msg(fd, resp, rl) < 0) {
			status = 1;
			break;
		}
		if (remove_after >= 0 && ++napdu >= remove_after) {
			if (verbose)
				fprintf(stderr, "socialcard-sim: card pulled "
					"after %ld APDUs\n", napdu);
			break;
		}
	}
	close(fd);
	ssc__sim_card_free(card);
	return status;
}
