# Undoes setup-kiosk.ps1: the station user gets Explorer back and automatic login is turned
# off. The user, the station and its data (C:\ProgramData\Lectern) are kept.
[CmdletBinding()]
param([string]$User = 'lectern')
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$shellLauncher = [wmiclass]'\\localhost\root\standardcimv2\embedded:WESL_UserSetting'
$user = Get-LocalUser -Name $User -ErrorAction SilentlyContinue
if ($user) {
  try { $shellLauncher.RemoveCustomShell($user.SID.Value) | Out-Null } catch { }
}
$shellLauncher.SetEnabled($false) | Out-Null
$winlogon = 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon'
Set-ItemProperty -Path $winlogon -Name AutoAdminLogon -Value '0'
Remove-ItemProperty -Path $winlogon -Name DefaultPassword -ErrorAction SilentlyContinue
Write-Host '讲台自助模式已移除 / Kiosk mode removed.'
