#Requires -Version 5.1
#Requires -RunAsAdministrator
<#
.SYNOPSIS
    Locks a Windows PC down as a Branch Kiosk: the same lockdown as the Linux package's cage
    session, after the NSIS installer has put branch-kiosk.exe in Program Files.

.DESCRIPTION
    1. Checks the edition (Shell Launcher needs Enterprise, Education or IoT Enterprise) and the app.
    2. Creates the local 'kiosk' standard user with a random password nobody sees, and signs it
       in automatically at boot (the password is kept as the LSA secret Winlogon reads, never
       in the registry in clear).
    3. Data dir %ProgramData%\branch-kiosk for the kiosk account only; config path and data dir
       as machine environment variables the app reads (BRANCH_KIOSK_CONFIG, BRANCH_KIOSK_DATA_DIR).
    4. Shell Launcher v2 (shell-launcher.xml): the kiosk account gets branch-kiosk.exe instead
       of Explorer, full screen, restarted when it exits. Applied through the Assigned Access
       MDM bridge, which only SYSTEM may write, so that step runs as a one-off SYSTEM task.
    5. Keyboard Filter blocks the escape keys (Ctrl+Alt+Del, Alt+Tab, Win+L, ...) for the kiosk
       account (administrators are not filtered); edge swipes, the lock screen and display
       sleep are turned off.
    Run it again to repair; -Uninstall undoes steps 2, 4 and 5 (data and account are kept).

.EXAMPLE
    PS> Set-ExecutionPolicy -Scope Process Bypass; .\install-kiosk.ps1
.EXAMPLE
    PS> .\install-kiosk.ps1 -Uninstall
#>
[CmdletBinding()]
param(
    [ValidatePattern('^[A-Za-z0-9._-]{1,20}$')]
    [string] $KioskUser = 'kiosk',
    [string] $AppExe = (Join-Path $env:ProgramFiles 'branch-kiosk\branch-kiosk.exe'),
    [string] $ShellLauncherTemplate = (Join-Path $PSScriptRoot 'shell-launcher.xml'),
    [string] $DataDir = (Join-Path $env:ProgramData 'branch-kiosk'),
    [switch] $NoAutoLogon,
    [switch] $Uninstall,
    # Internal: the SYSTEM task started by this script applies the rendered XML with it.
    [string] $ApplyShellLauncherXml
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$AssignedAccess = @{ Namespace = 'root\cimv2\mdm\dmmap'; ClassName = 'MDM_AssignedAccess' }
$KeyboardFilterNamespace = 'root\standardcimv2\embedded'
$TaskName = 'BranchKiosk-ApplyShellLauncher'
$WinlogonKey = 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon'

# Escape routes out of the kiosk app (Keyboard Filter predefined key names).
$BlockedKeys = @(
    'Ctrl+Alt+Del', 'Shift+Ctrl+Esc', 'Ctrl+Esc', 'Alt+F4', 'Alt+Tab', 'Alt+Esc', 'Ctrl+Tab',
    'Windows', 'Win+L', 'Win+D', 'Win+E', 'Win+R', 'Win+Tab', 'Win+X', 'Win+A', 'Win+I', 'Win+U',
    'LShift+LAlt+PrintScrn', 'LShift+LAlt+NumLock'
)

function Write-Step([string] $Message) {
    Write-Host "==> $Message"
}

function Set-RegistryValue([string] $Path, [string] $Name, [object] $Value, [string] $Type = 'DWord') {
    if (-not (Test-Path -LiteralPath $Path)) { New-Item -Path $Path -Force | Out-Null }
    New-ItemProperty -LiteralPath $Path -Name $Name -Value $Value -PropertyType $Type -Force | Out-Null
}

function Assert-Prerequisites {
    $edition = (Get-CimInstance -ClassName Win32_OperatingSystem).Caption
    if ($edition -notmatch 'Enterprise|Education|IoT') {
        throw "Shell Launcher needs Windows Enterprise, Education or IoT Enterprise; this is '$edition'."
    }
    if (-not (Test-Path -LiteralPath $AppExe -PathType Leaf)) {
        throw "The kiosk app is not installed at $AppExe; run the Branch Kiosk installer first."
    }
    if (-not (Test-Path -LiteralPath $ShellLauncherTemplate -PathType Leaf)) {
        throw "Shell Launcher template not found: $ShellLauncherTemplate"
    }
}

function Enable-WindowsFeatures {
    foreach ($feature in 'Client-EmbeddedShellLauncher', 'Client-KeyboardFilter') {
        $state = (Get-WindowsOptionalFeature -Online -FeatureName $feature).State
        if ($state -ne 'Enabled') {
            Write-Step "Enabling Windows feature $feature"
            Enable-WindowsOptionalFeature -Online -FeatureName $feature -All -NoRestart | Out-Null
            $script:RestartNeeded = $true
        }
    }
}

function New-RandomPassword {
    $bytes = New-Object byte[] 32
    $rng = [System.Security.Cryptography.RandomNumberGenerator]::Create()
    try { $rng.GetBytes($bytes) } finally { $rng.Dispose() }
    # Base64 plus one of each class, for password-complexity policies.
    return [Convert]::ToBase64String($bytes) + 'aA1!'
}

function Set-KioskAccount([string] $Password) {
    $secure = ConvertTo-SecureString -String $Password -AsPlainText -Force
    $existing = Get-LocalUser -Name $KioskUser -ErrorAction SilentlyContinue
    if ($null -eq $existing) {
        Write-Step "Creating the local standard user '$KioskUser'"
        New-LocalUser -Name $KioskUser -Password $secure -FullName 'Branch Kiosk' -Description 'Runs the Branch Kiosk app' `
            -PasswordNeverExpires -UserMayNotChangePassword -AccountNeverExpires | Out-Null
    } else {
        Write-Step "Resetting the password of '$KioskUser' (nobody needs to know it)"
        Set-LocalUser -Name $KioskUser -Password $secure -PasswordNeverExpires $true
        Enable-LocalUser -Name $KioskUser
    }
    $admins = Get-LocalGroupMember -SID 'S-1-5-32-544' | Where-Object { $_.Name -like "*\$KioskUser" }
    if ($admins) { throw "'$KioskUser' is an administrator; a kiosk account must be a standard user." }
    if (-not (Get-LocalGroupMember -SID 'S-1-5-32-545' | Where-Object { $_.Name -like "*\$KioskUser" })) {
        Add-LocalGroupMember -SID 'S-1-5-32-545' -Member $KioskUser
    }
}

# Winlogon reads the auto-logon password from the LSA secret "DefaultPassword" when the
# registry holds none (what Sysinternals Autologon does); the registry is readable by users.
function Set-AutoLogon([string] $Password, [switch] $Disable) {
    if (-not ('BranchKiosk.Lsa' -as [type])) {
        Add-Type -TypeDefinition @'
using System;
using System.ComponentModel;
using System.Runtime.InteropServices;
namespace BranchKiosk {
  public static class Lsa {
    [StructLayout(LayoutKind.Sequential)]
    struct UnicodeString { public ushort Length; public ushort MaximumLength; public IntPtr Buffer; }
    [StructLayout(LayoutKind.Sequential)]
    struct ObjectAttributes { public int Length; public IntPtr RootDirectory; public IntPtr ObjectName; public uint Attributes; public IntPtr SecurityDescriptor; public IntPtr SecurityQualityOfService; }
    [DllImport("advapi32.dll")] static extern uint LsaOpenPolicy(IntPtr systemName, ref ObjectAttributes attributes, uint access, out IntPtr policy);
    [DllImport("advapi32.dll")] static extern uint LsaStorePrivateData(IntPtr policy, ref UnicodeString key, IntPtr data);
    [DllImport("advapi32.dll")] static extern uint LsaClose(IntPtr policy);
    [DllImport("advapi32.dll")] static extern int LsaNtStatusToWinError(uint status);
    const uint POLICY_CREATE_SECRET = 0x20;
    static UnicodeString Make(string s) {
      var u = new UnicodeString();
      u.Buffer = Marshal.StringToHGlobalUni(s);
      u.Length = (ushort)(s.Length * 2);
      u.MaximumLength = (ushort)(u.Length + 2);
      return u;
    }
    static void Check(uint status) { if (status != 0) throw new Win32Exception(LsaNtStatusToWinError(status)); }
    // secret == null deletes it.
    public static void StoreSecret(string name, string secret) {
      var attributes = new ObjectAttributes();
      attributes.Length = Marshal.SizeOf(attributes);
      IntPtr policy;
      Check(LsaOpenPolicy(IntPtr.Zero, ref attributes, POLICY_CREATE_SECRET, out policy));
      var key = Make(name);
      IntPtr data = IntPtr.Zero;
      UnicodeString value = new UnicodeString();
      try {
        if (secret != null) {
          value = Make(secret);
          data = Marshal.AllocHGlobal(Marshal.SizeOf(value));
          Marshal.StructureToPtr(value, data, false);
        }
        Check(LsaStorePrivateData(policy, ref key, data));
      } finally {
        Marshal.FreeHGlobal(key.Buffer);
        if (value.Buffer != IntPtr.Zero) { Marshal.FreeHGlobal(value.Buffer); }
        if (data != IntPtr.Zero) { Marshal.FreeHGlobal(data); }
        LsaClose(policy);
      }
    }
  }
}
'@
    }
    if ($Disable) {
        [BranchKiosk.Lsa]::StoreSecret('DefaultPassword', $null)
        Set-RegistryValue -Path $WinlogonKey -Name 'AutoAdminLogon' -Value '0' -Type String
        return
    }
    Write-Step "Signing '$KioskUser' in automatically at boot"
    [BranchKiosk.Lsa]::StoreSecret('DefaultPassword', $Password)
    Remove-ItemProperty -LiteralPath $WinlogonKey -Name 'DefaultPassword' -ErrorAction SilentlyContinue
    Set-RegistryValue -Path $WinlogonKey -Name 'DefaultUserName' -Value $KioskUser -Type String
    Set-RegistryValue -Path $WinlogonKey -Name 'DefaultDomainName' -Value $env:COMPUTERNAME -Type String
    Set-RegistryValue -Path $WinlogonKey -Name 'AutoAdminLogon' -Value '1' -Type String
    Set-RegistryValue -Path $WinlogonKey -Name 'DisableLockWorkstation' -Value 1
}

function Set-DataDir {
    Write-Step "Data dir $DataDir for '$KioskUser' only"
    New-Item -ItemType Directory -Path $DataDir -Force | Out-Null
    $acl = New-Object System.Security.AccessControl.DirectorySecurity
    $acl.SetAccessRuleProtection($true, $false)
    $inherit = [System.Security.AccessControl.InheritanceFlags]'ContainerInherit, ObjectInherit'
    $none = [System.Security.AccessControl.PropagationFlags]::None
    foreach ($who in 'S-1-5-18', 'S-1-5-32-544') {
        $sid = New-Object System.Security.Principal.SecurityIdentifier($who)
        $acl.AddAccessRule((New-Object System.Security.AccessControl.FileSystemAccessRule($sid, 'FullControl', $inherit, $none, 'Allow')))
    }
    $kiosk = (Get-LocalUser -Name $KioskUser).SID
    $acl.AddAccessRule((New-Object System.Security.AccessControl.FileSystemAccessRule($kiosk, 'Modify', $inherit, $none, 'Allow')))
    Set-Acl -LiteralPath $DataDir -AclObject $acl
    $config = Join-Path $DataDir 'kiosk.json'
    if (-not (Test-Path -LiteralPath $config)) {
        $skeleton = [ordered]@{
            kioskId = 'K01'; ticketPrefix = '1'; branchId = 'BR001'
            # This file stays ASCII (Windows PowerShell 5.1 reads a script without BOM as ANSI).
            branchName = [ordered]@{ 'zh-CN' = [regex]::Unescape('\u793a\u4f8b\u94f6\u884c'); en = 'Example Bank' }
            dataDir = $DataDir; hubUrl = $null; devices = @()
            ui = @{ hideCursor = $true }
        }
        # UTF-8 without a byte-order mark, as JSON.parse expects.
        [System.IO.File]::WriteAllText($config, ($skeleton | ConvertTo-Json -Depth 5), (New-Object System.Text.UTF8Encoding($false)))
        Write-Step "Created $config; set kioskId, branchId, hubUrl and devices, then enroll the kiosk"
    }
    [Environment]::SetEnvironmentVariable('BRANCH_KIOSK_CONFIG', $config, 'Machine')
    [Environment]::SetEnvironmentVariable('BRANCH_KIOSK_DATA_DIR', $DataDir, 'Machine')
}

function Set-KeyboardFilter([bool] $Block) {
    Write-Step ($(if ($Block) { 'Blocking' } else { 'Unblocking' }) + ' escape keys with Keyboard Filter')
    $settings = Get-CimInstance -Namespace $KeyboardFilterNamespace -ClassName WEKF_Settings
    $forAdmins = $settings | Where-Object { $_.Name -eq 'DisableKeyboardFilterForAdministrators' }
    if ($forAdmins) { $forAdmins.Value = 'true'; Set-CimInstance -CimInstance $forAdmins }
    foreach ($id in $BlockedKeys) {
        $key = Get-CimInstance -Namespace $KeyboardFilterNamespace -ClassName WEKF_PredefinedKey | Where-Object { $_.Id -eq $id }
        if ($null -eq $key) { Write-Warning "Keyboard Filter does not know '$id' on this build; skipped"; continue }
        $key.Enabled = $Block
        Set-CimInstance -CimInstance $key
    }
}

function Set-TouchAndPowerPolicies {
    Write-Step 'Turning off edge swipes, the lock screen and display sleep'
    Set-RegistryValue -Path 'HKLM:\SOFTWARE\Policies\Microsoft\Windows\EdgeUI' -Name 'AllowEdgeSwipe' -Value 0
    Set-RegistryValue -Path 'HKLM:\SOFTWARE\Policies\Microsoft\Windows\Personalization' -Name 'NoLockScreen' -Value 1
    Set-RegistryValue -Path 'HKLM:\SOFTWARE\Policies\Microsoft\Windows\Explorer' -Name 'DisableNotificationCenter' -Value 1
    foreach ($setting in 'monitor-timeout-ac', 'standby-timeout-ac', 'hibernate-timeout-ac') {
        & powercfg.exe /change $setting 0
        if ($LASTEXITCODE -ne 0) { throw "powercfg /change $setting 0 failed ($LASTEXITCODE)" }
    }
}

# The kiosk account's name and the app path written into the template, through the XML DOM.
function Get-ShellLauncherXml {
    [xml] $doc = Get-Content -Raw -LiteralPath $ShellLauncherTemplate
    $ns = New-Object System.Xml.XmlNamespaceManager($doc.NameTable)
    $ns.AddNamespace('sl', 'http://schemas.microsoft.com/ShellLauncher/2018/Configuration')
    $account = $doc.SelectSingleNode('/sl:ShellLauncherConfiguration/sl:Configs/sl:Config/sl:Account', $ns)
    $account.SetAttribute('Name', "$env:COMPUTERNAME\$KioskUser")
    $shell = $doc.SelectSingleNode('/sl:ShellLauncherConfiguration/sl:Profiles/sl:Profile/sl:Shell', $ns)
    $shell.SetAttribute('Shell', $AppExe)
    return $doc.OuterXml
}

# Runs as SYSTEM: the only account the Assigned Access MDM bridge accepts.
function Invoke-ApplyShellLauncher([string] $XmlPath) {
    $instance = Get-CimInstance @AssignedAccess
    if ($XmlPath) {
        $instance.ShellLauncher = [System.Net.WebUtility]::HtmlEncode((Get-Content -Raw -LiteralPath $XmlPath))
    } else {
        $instance.ShellLauncher = $null
    }
    Set-CimInstance -CimInstance $instance
}

function Start-AsSystem([string] $XmlPath) {
    $arguments = "-NoProfile -ExecutionPolicy Bypass -File `"$PSCommandPath`" -ApplyShellLauncherXml `"$XmlPath`""
    $action = New-ScheduledTaskAction -Execute 'powershell.exe' -Argument $arguments
    $principal = New-ScheduledTaskPrincipal -UserId 'S-1-5-18' -LogonType ServiceAccount -RunLevel Highest
    Register-ScheduledTask -TaskName $TaskName -Action $action -Principal $principal -Force | Out-Null
    try {
        Start-ScheduledTask -TaskName $TaskName
        $deadline = (Get-Date).AddMinutes(2)
        do {
            Start-Sleep -Seconds 1
            $state = (Get-ScheduledTask -TaskName $TaskName).State
        } while ($state -eq 'Running' -and (Get-Date) -lt $deadline)
        $result = (Get-ScheduledTaskInfo -TaskName $TaskName).LastTaskResult
        if ($result -ne 0) { throw "Applying the Shell Launcher configuration as SYSTEM failed (task result $result)." }
    } finally {
        Unregister-ScheduledTask -TaskName $TaskName -Confirm:$false
    }
}

if ($ApplyShellLauncherXml) {
    # The SYSTEM task's entry point: '-' clears the configuration.
    try {
        if ($ApplyShellLauncherXml -eq '-') { Invoke-ApplyShellLauncher -XmlPath '' } else { Invoke-ApplyShellLauncher -XmlPath $ApplyShellLauncherXml }
        exit 0
    } catch {
        Write-Error $_
        exit 1
    }
}

$script:RestartNeeded = $false

if ($Uninstall) {
    Write-Step 'Removing the Shell Launcher configuration'
    Start-AsSystem -XmlPath '-'
    Set-AutoLogon -Disable
    Set-KeyboardFilter -Block $false
    Write-Step "Done. '$KioskUser' now gets Explorer; its data in $DataDir is kept."
    exit 0
}

Assert-Prerequisites
Enable-WindowsFeatures
$password = New-RandomPassword
Set-KioskAccount -Password $password
if (-not $NoAutoLogon) { Set-AutoLogon -Password $password }
$password = $null
Set-DataDir
Set-TouchAndPowerPolicies
if ($script:RestartNeeded) {
    Write-Step 'Windows features were enabled: restart, then run this script again to finish (Keyboard Filter, Shell Launcher).'
    exit 3010
}
Set-KeyboardFilter -Block $true

Write-Step "Shell Launcher: '$KioskUser' gets $AppExe instead of Explorer"
$rendered = Join-Path $DataDir 'shell-launcher.applied.xml'
[System.IO.File]::WriteAllText($rendered, (Get-ShellLauncherXml), (New-Object System.Text.UTF8Encoding($false)))
Start-AsSystem -XmlPath $rendered

Write-Step "Done. Restart: Windows signs '$KioskUser' in and starts the kiosk. To leave kiosk mode, sign in as an administrator (hold Shift at boot to skip auto-logon) and run: .\install-kiosk.ps1 -Uninstall"
