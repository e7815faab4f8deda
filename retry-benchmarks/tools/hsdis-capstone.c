/* A HotSpot disassembler plugin (the hsdis protocol: decode_instructions_virtual) on top of capstone, for
 * print-asm.sh. Written for this project from the protocol HotSpot documents; build: gcc -O2 -shared -fPIC
 * -o hsdis-amd64.so hsdis-capstone.c -lcapstone */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <stdbool.h>
#include <capstone/capstone.h>
typedef void* (*ev_t)(void*, const char*, void*);
typedef int (*pf_t)(void*, const char*, ...);
static void* nop_ev(void* s, const char* e, void* a) { return NULL; }
void* decode_instructions_virtual(uintptr_t start_va, uintptr_t end_va, unsigned char* buffer, uintptr_t length,
    ev_t ev, void* evs, pf_t pf, void* pfs, const char* options, int newline) {
  csh h; cs_insn* insn;
  if (!ev) ev = nop_ev;
  if (cs_open(CS_ARCH_X86, CS_MODE_64, &h) != CS_ERR_OK) return NULL;
  cs_option(h, CS_OPT_SYNTAX, CS_OPT_SYNTAX_INTEL);
  cs_option(h, CS_OPT_SKIPDATA, CS_OPT_ON);
  size_t n = cs_disasm(h, buffer, length, (uint64_t) start_va, 0, &insn);
  for (size_t j = 0; j < n; j++) {
    ev(evs, "insn", (void*) insn[j].address);
    pf(pfs, "%s\t%s", insn[j].mnemonic, insn[j].op_str);
    ev(evs, "/insn", (void*) (insn[j].address + insn[j].size));
    if (newline) pf(pfs, "\n");
  }
  if (n) cs_free(insn, n);
  cs_close(&h);
  return NULL;
}
