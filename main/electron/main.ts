import path from 'node:path';
import { app, BrowserWindow, dialog } from 'electron';
import { appRoot, bundledRunbooksDir, rendererDir } from '../platform/app-root';
import { defaultDataDir } from '../platform/app-paths';
import { AppServices } from '../services/app-services';
import { APP_ORIGIN, registerAppScheme, serveAppProtocol } from './app-protocol';
import { registerIpc } from './ipc-bridge';
import { installMenu } from './menu';
import { hardenWebContents } from './security';
import { teamPasswordFile } from './team-password';
import { FIREBREAK_SCHEME } from '../../shared/alerts/runbook-link';
import { openRunbookLink } from '../alerts/open-link';
import { DESKTOP_APP_FILE, writeInstanceFile } from '../alerts/running-instances';
import { linkInArgv } from './protocol-links';

/**
 * The Electron shell, kept thin: one window, the custom protocol, the
 * contract over IPC. Every capability lives in AppServices (plain Node).
 */
registerAppScheme();
// Before ready, so the single-instance lock and the session live in the same folder the CLI uses.
const dataDir = defaultDataDir();
app.setPath('userData', dataDir);

// firebreak:// links open this app. A packaged app registers itself; a development run (electron .) only
// when asked (FIREBREAK_REGISTER_SCHEME=1), so test runs and worktrees do not take the scheme over from the installed app.
if (app.isPackaged) app.setAsDefaultProtocolClient(FIREBREAK_SCHEME);
else if (process.env.FIREBREAK_REGISTER_SCHEME === '1') app.setAsDefaultProtocolClient(FIREBREAK_SCHEME, process.execPath, [path.resolve(process.argv[1] ?? '.')]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let window: BrowserWindow | null = null;
  let services: AppServices | null = null;
  // A link that arrives before the services exist (macOS open-url at launch, or the first instance's own argv).
  let earlyLink: string | undefined = linkInArgv(process.argv);

  /** Hands a link to the window: checked against the library, never run; a bad one is shown as an error. */
  const openLink = (url: string) => {
    if (!services) {
      earlyLink = url;
      return;
    }
    try {
      services.links.deliver(openRunbookLink(url, (id) => services?.library.all().find((runbook) => runbook.id === id)));
    } catch (error) {
      dialog.showErrorBox('Firebreak could not open the link', error instanceof Error ? error.message : String(error));
    }
    if (window?.isMinimized()) window.restore();
    window?.focus();
  };

  // Windows and Linux: the second instance's command line carries the link; macOS sends open-url.
  app.on('second-instance', (_event, argv) => {
    const link = linkInArgv(argv);
    if (link) openLink(link);
    else if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });
  app.on('open-url', (event, url) => {
    event.preventDefault();
    openLink(url);
  });

  app.whenReady().then(() => {
    hardenWebContents();
    serveAppProtocol(rendererDir());
    services = new AppServices({
      dataDir,
      runbookFolders: [{ dir: bundledRunbooksDir(app.isPackaged ? process.resourcesPath : undefined), origin: 'bundled' }],
      host: 'electron',
      version: app.getVersion(),
      // The team database password, sealed by the OS keychain; never stored in clear (docs/team-sync.md).
      teamPassword: async () => teamPasswordFile(dataDir).read(),
      saveTeamPassword: (password) => teamPasswordFile(dataDir).write(password),
    });
    registerIpc(services, () => window);
    // So `firebreak open URL` can hand a link over by starting a second instance.
    const forgetInstance = writeInstanceFile(dataDir, DESKTOP_APP_FILE, { pid: process.pid, command: process.defaultApp ? [process.execPath, path.resolve(process.argv[1] ?? '.')] : [process.execPath] });
    app.on('will-quit', forgetInstance);
    if (earlyLink) openLink(earlyLink);
    earlyLink = undefined;
    installMenu();
    window = createWindow();
    window.on('closed', () => {
      window = null;
      // Nobody acknowledges terminal output any more: shells must not freeze while the app quits.
      services?.terminals.setViewerCount(0);
    });
  }).catch((error: unknown) => {
    dialog.showErrorBox('Firebreak could not start', error instanceof Error ? error.message : String(error));
    app.quit();
  });

  app.on('window-all-closed', () => app.quit());
  // Quitting waits for the orderly shutdown (runs finished as cancelled, session.ended recorded, store closed), then quits again.
  let shutDown = false;
  let shuttingDown = false;
  app.on('before-quit', (event) => {
    if (shutDown || !services) return;
    event.preventDefault();
    if (shuttingDown) return;
    shuttingDown = true;
    void services
      .shutdown()
      .catch((error: unknown) => process.stderr.write(`firebreak: shutdown failed: ${error instanceof Error ? error.message : String(error)}\n`))
      .finally(() => {
        shutDown = true;
        app.quit();
      });
  });
  app.on('will-quit', () => services?.dispose());
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 900,
    minHeight: 560,
    show: false,
    title: 'Firebreak',
    backgroundColor: '#111318',
    webPreferences: {
      preload: path.join(appRoot(), 'out', 'preload', 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}
