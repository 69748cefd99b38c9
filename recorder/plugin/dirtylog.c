/*
 * dirtylog: a QEMU TCG plugin that records which guest-physical pages the guest writes (and, with reads=on,
 * reads), epoch by epoch.
 *
 * Every guest store (memory callback on writes) marks pfn = guest physical address >> 12 in a bitmap;
 * accesses to MMIO/IO are skipped. Epochs are measured in guest instructions (counted inline per translation
 * block), so with `-icount shift=S` an epoch of N instructions is N * 2^S ns of guest time whatever the host's
 * speed. At each epoch boundary the epoch's dirty pfns are written as CSV rows "epoch,pfn" (ascending) and
 * the bitmap is cleared. With reads=on every load marks a second bitmap too, and the rows are
 * "epoch,pfn,access": access "w" for a page written in the epoch, "r" for a page read but not written in it
 * (the first read of a page per epoch; a page both read and written is one "w" row, since a post-copy fault
 * needs only the first access), in ascending pfn order within the epoch.
 *
 * Arguments: out=FILE (CSV output, required), insns=N (instructions per epoch, required),
 *            pages=N (pfn space: pfns >= N are counted and dropped),
 *            reads=on|off (optional, default off): record reads too (loads by the guest's CPU, instruction
 *            fetches excluded: the plugin API has no callback for them),
 *            marker=PFN (optional): a page the guest never uses (reserved with the kernel's memmap=); the
 *            guest's first store to it starts the recording (epoch 0 begins there) and its second ends it, so
 *            the trace holds exactly the workload's window, not the boot.
 *            hold=PATH (optional, with marker=): at the first marker store the vCPU thread connects to the Unix
 *            socket PATH, sends "marker <instructions>\n" and blocks until the peer closes the connection. The
 *            vCPU executes nothing meanwhile (QEMU's main loop runs on), so guest virtual time stands still
 *            exactly at epoch 0's start: the recorder dumps guest memory then (QMP pmemsave) to learn which
 *            pages are non-zero when the trace begins.
 *
 * Written against the QEMU 7.2 plugin API (version 1). Debian ships no qemu-plugin.h, so the few functions
 * used are declared below exactly as that header declares them.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

typedef uint64_t qemu_plugin_id_t;
typedef uint32_t qemu_plugin_meminfo_t;
struct qemu_plugin_tb;
struct qemu_plugin_insn;
struct qemu_plugin_hwaddr;
typedef struct qemu_info_t {
    const char *target_name;
    struct { int min; int cur; } version;
    bool system_emulation;
    union { struct { int smp_vcpus; int max_vcpus; } system; };
} qemu_info_t;
enum qemu_plugin_cb_flags { QEMU_PLUGIN_CB_NO_REGS, QEMU_PLUGIN_CB_R_REGS, QEMU_PLUGIN_CB_RW_REGS };
enum qemu_plugin_mem_rw { QEMU_PLUGIN_MEM_R = 1, QEMU_PLUGIN_MEM_W, QEMU_PLUGIN_MEM_RW };
enum qemu_plugin_op { QEMU_PLUGIN_INLINE_ADD_U64 };
typedef void (*qemu_plugin_vcpu_tb_trans_cb_t)(qemu_plugin_id_t id, struct qemu_plugin_tb *tb);
typedef void (*qemu_plugin_vcpu_mem_cb_t)(unsigned int vcpu_index, qemu_plugin_meminfo_t info,
                                          uint64_t vaddr, void *userdata);
typedef void (*qemu_plugin_udata_cb_t)(qemu_plugin_id_t id, void *userdata);

#define QEMU_PLUGIN_EXPORT __attribute__((visibility("default")))
void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id, qemu_plugin_vcpu_tb_trans_cb_t cb);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb, size_t idx);
void qemu_plugin_register_vcpu_mem_cb(struct qemu_plugin_insn *insn, qemu_plugin_vcpu_mem_cb_t cb,
                                      enum qemu_plugin_cb_flags flags, enum qemu_plugin_mem_rw rw,
                                      void *userdata);
void qemu_plugin_register_vcpu_tb_exec_inline(struct qemu_plugin_tb *tb, enum qemu_plugin_op op,
                                              void *ptr, uint64_t imm);
struct qemu_plugin_hwaddr *qemu_plugin_get_hwaddr(qemu_plugin_meminfo_t info, uint64_t vaddr);
bool qemu_plugin_hwaddr_is_io(const struct qemu_plugin_hwaddr *haddr);
bool qemu_plugin_mem_is_store(qemu_plugin_meminfo_t info);
uint64_t qemu_plugin_hwaddr_phys_addr(const struct qemu_plugin_hwaddr *haddr);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, qemu_plugin_udata_cb_t cb, void *userdata);
void qemu_plugin_outs(const char *string);

QEMU_PLUGIN_EXPORT int qemu_plugin_version = 1;

static FILE *out;
static uint64_t insns;          /* guest instructions executed (added at each TB's start) */
static uint64_t insns_per_epoch;
static uint64_t epoch;          /* the epoch whose stores the bitmap holds */
static uint64_t pages;          /* pfn space */
static uint64_t *bitmap;        /* one bit per pfn */
static uint64_t *readmap;       /* with reads=on: pages read in the epoch, else NULL */
static uint64_t read_rows;
static uint64_t dropped;        /* stores to pfns outside the pfn space */
static uint64_t rows;
static uint64_t marker = UINT64_MAX; /* marker pfn, or none */
static uint64_t markers;        /* stores to the marker seen */
static uint64_t base;           /* instruction count at which epoch 0 starts */
static bool recording = true;
static const char *hold;        /* Unix socket to hold the vCPU at the first marker, or none */

/* Blocks the calling vCPU thread until the recorder at `hold` has dumped memory and closed the socket. */
static void hold_at_marker(void)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    char line[64];
    char buf[16];
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    strncpy(addr.sun_path, hold, sizeof addr.sun_path - 1);
    if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
        fprintf(stderr, "dirtylog: cannot connect to hold=%s; not holding at the marker\n", hold);
        if (fd >= 0) {
            close(fd);
        }
        return;
    }
    int n = snprintf(line, sizeof line, "marker %llu\n", (unsigned long long)insns);
    if (write(fd, line, (size_t)n) != n) {
        fprintf(stderr, "dirtylog: short write to hold=%s\n", hold);
    }
    while (read(fd, buf, sizeof buf) > 0) {
        /* wait for the recorder to close the connection */
    }
    close(fd);
}

static void flush(void)
{
    uint64_t words = (pages + 63) / 64;
    for (uint64_t w = 0; w < words; w++) {
        uint64_t written = bitmap[w];
        uint64_t word = readmap ? written | readmap[w] : written;
        while (word) {
            int b = __builtin_ctzll(word);
            if (!readmap) {
                fprintf(out, "%llu,%llu\n", (unsigned long long)epoch, (unsigned long long)(w * 64 + b));
            } else {
                bool w_ = (written >> b) & 1;
                fprintf(out, "%llu,%llu,%c\n", (unsigned long long)epoch, (unsigned long long)(w * 64 + b),
                        w_ ? 'w' : 'r');
                read_rows += !w_;
            }
            rows++;
            word &= word - 1;
        }
        bitmap[w] = 0;
        if (readmap) {
            readmap[w] = 0;
        }
    }
}

static void on_store(unsigned int vcpu, qemu_plugin_meminfo_t info, uint64_t vaddr, void *udata)
{
    struct qemu_plugin_hwaddr *hw = qemu_plugin_get_hwaddr(info, vaddr);
    if (!hw || qemu_plugin_hwaddr_is_io(hw)) {
        return;
    }
    uint64_t pfn = qemu_plugin_hwaddr_phys_addr(hw) >> 12;
    bool store = !readmap || qemu_plugin_mem_is_store(info);
    if (pfn == marker) {
        if (!store) {
            return;
        }
        if (++markers == 1) {
            memset(bitmap, 0, (pages + 63) / 64 * sizeof(uint64_t)); /* drop the boot */
            if (readmap) {
                memset(readmap, 0, (pages + 63) / 64 * sizeof(uint64_t));
            }
            base = insns;
            epoch = 0;
            recording = true;
            if (hold) {
                hold_at_marker();
            }
        } else if (markers == 2) {
            uint64_t e = (insns - base) / insns_per_epoch;
            if (e != epoch) {
                flush();
                epoch = e;
            }
            flush();
            recording = false;
        }
        return;
    }
    if (!recording) {
        return;
    }
    uint64_t e = (insns - base) / insns_per_epoch;
    if (e != epoch) {
        flush();
        epoch = e;
    }
    if (pfn >= pages) {
        dropped++;
        return;
    }
    (store ? bitmap : readmap)[pfn >> 6] |= 1ULL << (pfn & 63);
}

static void on_tb_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    size_t n = qemu_plugin_tb_n_insns(tb);
    qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64, &insns, n);
    for (size_t i = 0; i < n; i++) {
        qemu_plugin_register_vcpu_mem_cb(qemu_plugin_tb_get_insn(tb, i), on_store, QEMU_PLUGIN_CB_NO_REGS,
                                         readmap ? QEMU_PLUGIN_MEM_RW : QEMU_PLUGIN_MEM_W, NULL);
    }
}

static void plugin_exit(qemu_plugin_id_t id, void *udata)
{
    char msg[256];
    if (recording) {
        flush();
    }
    fclose(out);
    snprintf(msg, sizeof msg, "dirtylog: %llu rows (%llu read rows), last epoch %llu, %llu instructions recorded, "
             "%llu markers, %llu accesses outside the pfn space dropped\n", (unsigned long long)rows,
             (unsigned long long)read_rows, (unsigned long long)epoch, (unsigned long long)(insns - base),
             (unsigned long long)markers, (unsigned long long)dropped);
    qemu_plugin_outs(msg);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc, char **argv)
{
    const char *file = NULL;
    bool reads = false;
    for (int i = 0; i < argc; i++) {
        if (strncmp(argv[i], "out=", 4) == 0) {
            file = argv[i] + 4;
        } else if (strncmp(argv[i], "insns=", 6) == 0) {
            insns_per_epoch = strtoull(argv[i] + 6, NULL, 10);
        } else if (strncmp(argv[i], "pages=", 6) == 0) {
            pages = strtoull(argv[i] + 6, NULL, 10);
        } else if (strncmp(argv[i], "marker=", 7) == 0) {
            marker = strtoull(argv[i] + 7, NULL, 10);
            recording = false;
        } else if (strncmp(argv[i], "hold=", 5) == 0) {
            hold = argv[i] + 5;
        } else if (strcmp(argv[i], "reads=on") == 0 || strcmp(argv[i], "reads=off") == 0) {
            reads = strcmp(argv[i], "reads=on") == 0;
        } else {
            fprintf(stderr, "dirtylog: unknown argument '%s' (expected out=, insns=, pages=, marker=, hold=, "
                    "reads=on|off)\n", argv[i]);
            return -1;
        }
    }
    if (!info->system_emulation || !file || insns_per_epoch == 0 || pages == 0) {
        fprintf(stderr, "dirtylog: needs system emulation and out=FILE,insns=N,pages=N\n");
        return -1;
    }
    out = fopen(file, "w");
    bitmap = calloc((pages + 63) / 64, sizeof(uint64_t));
    readmap = reads ? calloc((pages + 63) / 64, sizeof(uint64_t)) : NULL;
    if (!out || !bitmap || (reads && !readmap)) {
        fprintf(stderr, "dirtylog: cannot open %s or allocate the bitmap\n", file);
        return -1;
    }
    setvbuf(out, NULL, _IOFBF, 1 << 20);
    fprintf(out, reads ? "epoch,pfn,access\n" : "epoch,pfn\n");
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_tb_translate);
    qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
    return 0;
}
