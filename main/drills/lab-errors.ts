/** A lab cannot start because a port its runbook's drill profile names is taken. */
export class LabPortInUseError extends Error {
  constructor(
    readonly port: number,
    readonly reason: string,
  ) {
    super(
      `Port ${port} on 127.0.0.1 is already in use (${reason}). The drill lab needs it because the runbook's drill profile names it: ` +
        `stop the other drill or program listening on ${port} (see \`ss -ltnp 'sport = :${port}'\`) and start the drill again.`,
    );
    this.name = 'LabPortInUseError';
  }
}

/** A lab could not be set up or did not become healthy; the message says why and where its logs are. */
export class LabStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LabStartError';
  }
}
