/* Test-only stand-in for Windows' bcryptprimitives.dll under Wine 8, which lacks
 * ProcessPrng (Rust's std asks it for random bytes since 1.78). scripts/windows.sh builds
 * it with mingw and places it beside test executables inside the test Wine prefix. It is
 * never part of the installer: real Windows 10/11 has the function. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length); /* RtlGenRandom */

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG n = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, n))
            return FALSE;
        data += n;
        length -= n;
    }
    return TRUE;
}
