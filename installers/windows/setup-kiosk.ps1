# Makes this Windows 10/11 PC (Enterprise or Education, or IoT Enterprise) a kiosk station with
# Shell Launcher v2: the local user "lectern" logs in automatically and gets the station as
# its shell — no Explorer, no Start menu — and Windows starts the station again whenever it
# exits. Administrators keep the normal desktop. (Assigned Access single-app kiosks take only
# UWP apps on these editions; a Win32 app such as Lectern takes Shell Launcher.)
#   Run as administrator:  powershell -ExecutionPolicy Bypass -File setup-kiosk.ps1
#   Undo:                  powershell -ExecutionPolicy Bypass -File remove-kiosk.ps1
[CmdletBinding()]
param(
  [string]$User = 'lectern',
  [string]$AppPath = "$env:ProgramFiles\Lectern\Lectern.exe"
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) {
  Write-Error '请以管理员身份运行 / Run as administrator'
}
if (-not (Test-Path -LiteralPath $AppPath)) {
  Write-Error "未找到讲台程序 $AppPath，请先运行安装包 / Lectern is not installed at $AppPath"
}

# Shell Launcher is an optional Windows feature.
$feature = Get-WindowsOptionalFeature -Online -FeatureName Client-EmbeddedShellLauncher
if ($feature.State -ne 'Enabled') {
  Enable-WindowsOptionalFeature -Online -FeatureName Client-EmbeddedShellLauncher -All -NoRestart | Out-Null
}

# The station user: a standard account, logged in automatically.
$password = Read-Host -AsSecureString "为 $User 设置密码 / Password for $User"
if (-not (Get-LocalUser -Name $User -ErrorAction SilentlyContinue)) {
  New-LocalUser -Name $User -Password $password -PasswordNeverExpires -AccountNeverExpires -Description 'Lectern kiosk' | Out-Null
  Add-LocalGroupMember -Group 'Users' -Member $User
} else {
  Set-LocalUser -Name $User -Password $password
}
$plain = [Runtime.InteropServices.Marshal]::PtrToStringAuto([Runtime.InteropServices.Marshal]::SecureStringToBSTR($password))
$winlogon = 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon'
Set-ItemProperty -Path $winlogon -Name AutoAdminLogon -Value '1'
Set-ItemProperty -Path $winlogon -Name DefaultUserName -Value $User
Set-ItemProperty -Path $winlogon -Name DefaultDomainName -Value $env:COMPUTERNAME
Set-ItemProperty -Path $winlogon -Name DefaultPassword -Value $plain

# Shell Launcher v2: the station is the user's shell; 0 = restart the shell when it exits.
$RestartShell = 0
$shellLauncher = [wmiclass]'\\localhost\root\standardcimv2\embedded:WESL_UserSetting'
$shellLauncher.SetEnabled($true) | Out-Null
$sid = (Get-LocalUser -Name $User).SID.Value
try { $shellLauncher.RemoveCustomShell($sid) | Out-Null } catch { }
$shellLauncher.SetCustomShell($sid, "`"$AppPath`"", $null, $null, $RestartShell) | Out-Null
# Everyone else (administrators, the technician) keeps Explorer.
$shellLauncher.SetDefaultShell('explorer.exe', $RestartShell) | Out-Null

Write-Host "讲台自助模式已设置：重启后 $User 自动登录并只显示讲台 / Kiosk mode set: after a restart $User logs in to the station only."
