import path from 'node:path';
import { app, BrowserWindow, dialog } from 'electron';
import { appRoot, bundledRunbooksDir, rendererDir } from '../platform/app-root';
import { defaultDataDir } from '../platform/app-paths';
import { EngineClient } from '../engine/engine-client';
import { engineHostEntry } from '../engine/engine-entry';
import { forkUtilityEngine } from './engine-utility-process';
import { LabForker } from '../engine/lab-forker';
import { forkLabUtilityProcess } from './lab-utility-fork';
import { APP_ORIGIN, registerAppScheme, serveAppProtocol } from './app-protocol';
import { registerIpc } from './ipc-bridge';
import { installMenu } from './menu';
import { hardenWebContents } from './security';
import { teamPasswordFile } from './team-password';
import { FIREBREAK_SCHEME } from '../../shared/alerts/runbook-link';
import { DESKTOP_APP_FILE, writeInstanceFile } from '../alerts/running-instances';
import { linkInArgv } from './protocol-links';

/**
 * The Electron shell, kept thin: one window, the custom protocol, the menu
 * and the relay of the contract between the window and the engine. Every
 * capability lives in AppServices, which runs in the engine host (a utility
 * process, main/engine/engine-host.ts): no pty, recorder or SQLite work can
 * stall this process's window handling and IPC.
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
  let engine: EngineClient | null = null;
  // A link that arrives before the engine exists (macOS open-url at launch, or the first instance's own argv).
  let earlyLink: string | undefined = linkInArgv(process.argv);

  /** Hands a link to the window: checked against the library, never run; a bad one is shown as an error. */
  const openLink = (url: string) => {
    if (!engine) {
      earlyLink = url;
      return;
    }
    // The engine checks the link against its library and hands it to the page; this process only shows a refusal.
    void engine.openLink(url).then((delivered) => {
      if (!delivered.ok) dialog.showErrorBox('Firebreak could not open the link', delivered.error.message);
    });
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
    const started = new EngineClient(
      forkUtilityEngine(engineHostEntry().entry),
      {
        dataDir,
        runbookFolders: [{ dir: bundledRunbooksDir(app.isPackaged ? process.resourcesPath : undefined), origin: 'bundled' }],
        host: 'electron',
        version: app.getVersion(),
        keychain: true,
        // Drill lab processes are forked here with utilityProcess: the engine cannot (main-process API), and this
        // binary cannot be run as Node (the runAsNode fuse is off in release builds).
        labs: 'parent',
      },
      {
        // The team database password, sealed by the OS keychain; never stored in clear (docs/team-sync.md).
        // safeStorage exists only in this process, so the engine asks here.
        answer: (question) => {
          if (question.question === 'teamPassword') return Promise.resolve(teamPasswordFile(dataDir).read());
          teamPasswordFile(dataDir).write(question.password);
          return Promise.resolve(undefined);
        },
        log: (message) => process.stderr.write(`${message}\n`),
        labForker: new LabForker({ fork: forkLabUtilityProcess, transport: 'parentPort', log: (message) => process.stderr.write(`${message}\n`) }),
      },
    );
    engine = started;
    // The window is told when the engine dies under it: its calls fail from now on with the reason, and this says it
    // once. Before readiness, the failed start below says it instead.
    let ready = false;
    started.ready.then(() => (ready = true), () => {});
    started.onExit((message, expected) => {
      if (!expected && ready) dialog.showErrorBox('The Firebreak engine stopped', message);
    });
    // Calls from the window wait for readiness; a start that fails is shown and the app ends, as before the split.
    started.ready.catch((error: unknown) => {
      dialog.showErrorBox('Firebreak could not start', error instanceof Error ? error.message : String(error));
      app.quit();
    });
    registerIpc(started, () => window);
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
      engine?.setViewerCount(0);
    });
  }).catch((error: unknown) => {
    dialog.showErrorBox('Firebreak could not start', error instanceof Error ? error.message : String(error));
    app.quit();
  });

  app.on('window-all-closed', () => app.quit());
  // Quitting waits for the engine's orderly shutdown (runs finished as cancelled, session.ended recorded, store
  // closed, its process exited), then quits again: Electron would otherwise end the utility process mid-record.
  let shutDown = false;
  let shuttingDown = false;
  app.on('before-quit', (event) => {
    if (shutDown || !engine) return;
    event.preventDefault();
    if (shuttingDown) return;
    shuttingDown = true;
    void engine
      .shutdown()
      .catch((error: unknown) => process.stderr.write(`firebreak: shutdown failed: ${error instanceof Error ? error.message : String(error)}\n`))
      .finally(() => {
        shutDown = true;
        app.quit();
      });
  });
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
