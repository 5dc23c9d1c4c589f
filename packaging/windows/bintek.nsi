; The Bintek installer for Windows 10/11 (64-bit): per user, no administrator rights.
; Built on Linux with stock NSIS 3 by scripts/windows.sh, which passes:
;   VERSION   e.g. 0.1.0            VERSION4  e.g. 0.1.0.0 (the file-properties version)
;   STAGE     folder with Bintek.exe, WebView2Loader.dll and cli\bintek.exe
;   ICON      the app icon (.ico)   OUTFILE   the installer to write
;
; What it does: installs into %LOCALAPPDATA%\Programs\Bintek (over an older version in
; place), Start-menu and desktop shortcuts, an uninstall entry under HKCU. It checks for
; the Microsoft Edge WebView2 Runtime the window needs and, when it is missing, says so in
; Indonesian and offers the download page. The uninstaller removes the program and keeps
; the data (%APPDATA%\id.bintek.desktop: database, backups, signing key) unless the user
; ticks "Hapus juga data" (or passes /HAPUSDATA to a silent uninstall).

; A 64-bit installer for a 64-bit program (Bintek has no 32-bit build).
Target amd64-unicode
ManifestDPIAware true
SetCompressor /SOLID lzma
RequestExecutionLevel user

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"
!include "WinVer.nsh"

!define APPNAME "Bintek"
!define PUBLISHER "Tim Pengembang Bintek"
!define IDENTIFIER "id.bintek.desktop"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${IDENTIFIER}"
; The WebView2 Runtime's client id, and Microsoft's Evergreen bootstrapper page.
!define WEBVIEW2_KEY "Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"
!define WEBVIEW2_URL "https://go.microsoft.com/fwlink/p/?LinkId=2124703"

Name "${APPNAME}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APPNAME}"
InstallDirRegKey HKCU "${UNINSTKEY}" "InstallLocation"
BrandingText "${APPNAME} ${VERSION}"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\Bintek.exe"
!define MUI_FINISHPAGE_RUN_TEXT "Jalankan Bintek sekarang"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "Indonesian"

; File properties of the installer.
VIProductVersion "${VERSION4}"
VIFileVersion "${VERSION4}"
VIAddVersionKey /LANG=${LANG_INDONESIAN} "ProductName" "${APPNAME}"
VIAddVersionKey /LANG=${LANG_INDONESIAN} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_INDONESIAN} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_INDONESIAN} "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=${LANG_INDONESIAN} "FileDescription" "Pemasang Bintek: penyelenggaraan bimbingan teknis"
VIAddVersionKey /LANG=${LANG_INDONESIAN} "LegalCopyright" "Lisensi MIT"

Function .onInit
  ${IfNot} ${AtLeastWin10}
    MessageBox MB_OK|MB_ICONSTOP "Bintek memerlukan Windows 10 atau Windows 11 versi 64-bit." /SD IDOK
    Abort
  ${EndIf}
FunctionEnd

; $0 = the installed WebView2 Runtime's version, or "" when there is none.
Function WebView2Version
  ; Machine-wide (registered in the 32-bit view on 64-bit Windows), then per user.
  ReadRegStr $0 HKLM "SOFTWARE\WOW6432Node\${WEBVIEW2_KEY}" "pv"
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    ReadRegStr $0 HKLM "SOFTWARE\${WEBVIEW2_KEY}" "pv"
  ${EndIf}
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    ReadRegStr $0 HKCU "Software\${WEBVIEW2_KEY}" "pv"
  ${EndIf}
  ${If} $0 == "0.0.0.0"
    StrCpy $0 ""
  ${EndIf}
FunctionEnd

Section "Bintek" SecMain
  SectionIn RO
  ; An older version in the same folder is replaced file by file; the data folder
  ; (%APPDATA%\${IDENTIFIER}) is never touched by an install.
  SetOutPath "$INSTDIR"
  File "${STAGE}\Bintek.exe"
  File "${STAGE}\WebView2Loader.dll"
  ; The command-line tool. Windows does not tell bintek.exe from Bintek.exe, so it has a
  ; folder of its own.
  SetOutPath "$INSTDIR\cli"
  File "${STAGE}\cli\bintek.exe"
  SetOutPath "$INSTDIR"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortcut "$SMPROGRAMS\Bintek.lnk" "$INSTDIR\Bintek.exe" "" "$INSTDIR\Bintek.exe" 0
  CreateShortcut "$DESKTOP\Bintek.lnk" "$INSTDIR\Bintek.exe" "" "$INSTDIR\Bintek.exe" 0

  WriteRegStr HKCU "${UNINSTKEY}" "DisplayName" "${APPNAME}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTKEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\Bintek.exe"
  WriteRegStr HKCU "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTKEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINSTKEY}" "EstimatedSize" "$0"

  Call WebView2Version
  ${If} $0 == ""
    DetailPrint "Microsoft Edge WebView2 Runtime belum terpasang."
    MessageBox MB_YESNO|MB_ICONEXCLAMATION "Bintek sudah terpasang, tetapi jendelanya memerlukan Microsoft Edge WebView2 Runtime, yang belum ada di komputer ini.$\r$\n$\r$\nUnduh dan pasang WebView2 Runtime (gratis dari Microsoft), lalu buka Bintek lagi.$\r$\n$\r$\nBuka halaman unduhannya sekarang?" /SD IDNO IDNO webview2_done
      ExecShell "open" "${WEBVIEW2_URL}"
    webview2_done:
  ${Else}
    DetailPrint "Microsoft Edge WebView2 Runtime $0 ditemukan."
  ${EndIf}
SectionEnd

Section "un.Program Bintek" UnSecMain
  SectionIn RO
  Delete "$INSTDIR\Bintek.exe"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\cli\bintek.exe"
  RMDir "$INSTDIR\cli"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\Bintek.lnk"
  Delete "$DESKTOP\Bintek.lnk"
  DeleteRegKey HKCU "${UNINSTKEY}"
SectionEnd

Section /o "un.Hapus juga data (basis data, cadangan, kunci tanda tangan)" UnSecData
  RMDir /r "$APPDATA\${IDENTIFIER}"
  ; The window's WebView2 cache.
  RMDir /r "$LOCALAPPDATA\${IDENTIFIER}"
SectionEnd

Function un.onInit
  ; A silent uninstall keeps the data unless it is asked for: uninstall.exe /S /HAPUSDATA
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/HAPUSDATA" $R1
  ${IfNot} ${Errors}
    SectionSetFlags ${UnSecData} ${SF_SELECTED}
  ${EndIf}
FunctionEnd

!insertmacro MUI_UNFUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${UnSecMain} "Berkas program Bintek, pintasan, dan entri di daftar aplikasi."
  !insertmacro MUI_DESCRIPTION_TEXT ${UnSecData} "Menghapus basis data, semua cadangan, dan kunci tanda tangan sertifikat. Sertifikat yang sudah dicetak tidak dapat diverifikasi lagi. Biarkan tidak dicentang untuk menyimpan data."
!insertmacro MUI_UNFUNCTION_DESCRIPTION_END
