; electron-builder NSIS include (electron-builder.yml nsis.include): the station starts with
; Windows for every account (the per-machine Run key), and the key goes with the uninstall.
!macro customInstall
  WriteRegStr HKLM "Software\Microsoft\Windows\CurrentVersion\Run" "Lectern" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}"'
!macroend

!macro customUnInstall
  DeleteRegValue HKLM "Software\Microsoft\Windows\CurrentVersion\Run" "Lectern"
!macroend
