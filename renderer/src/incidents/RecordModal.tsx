import { useEffect, useRef, type ReactNode } from 'react';

interface RecordModalProps {
  label: string;
  onClose(): void;
  children: ReactNode;
  wide?: boolean;
}

/**
 * The frame every incident-record dialog uses: a backdrop that closes on a
 * click outside, Escape to close, focus returned to where it was.
 */
export function RecordModal({ label, onClose, children, wide }: RecordModalProps) {
  const previousFocus = useRef<Element | null>(document.activeElement);
  const dialogRef = useRef<HTMLDivElement>(null);
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  });
  useEffect(() => {
    const returnTo = previousFocus.current;
    // Keys must reach the dialog even when no field in it asked for focus.
    const dialog = dialogRef.current;
    if (dialog && !dialog.contains(document.activeElement)) dialog.focus();
    // Escape closes the dialog wherever focus went (a click on the page behind, a blur): it is modal.
    const onWindowKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || !dialog || dialog.contains(document.activeElement) || !isTopmost(dialog)) return;
      event.preventDefault();
      onCloseRef.current();
    };
    window.addEventListener('keydown', onWindowKey);
    return () => {
      window.removeEventListener('keydown', onWindowKey);
      if (returnTo instanceof HTMLElement && returnTo.isConnected) returnTo.focus();
    };
  }, []);
  return (
    <div className="modal-backdrop" role="presentation" onMouseDown={onClose}>
      <div
        className={`modal record-dialog${wide ? ' wide' : ''}`}
        role="dialog"
        aria-modal="true"
        aria-label={label}
        ref={dialogRef}
        tabIndex={-1}
        onMouseDown={(event) => event.stopPropagation()}
        onKeyDown={(event) => {
          if (event.key === 'Tab') trapTab(event.currentTarget, event);
          if (event.key !== 'Escape') return;
          event.preventDefault();
          event.stopPropagation();
          onClose();
        }}
      >
        {children}
      </div>
    </div>
  );
}

/** The last-opened dialog answers keys that reach the window. */
function isTopmost(dialog: HTMLElement): boolean {
  const dialogs = document.querySelectorAll('[role="dialog"][aria-modal="true"]');
  return dialogs[dialogs.length - 1] === dialog;
}

const FOCUSABLE = 'a[href], button:not(:disabled), input:not(:disabled), select:not(:disabled), textarea:not(:disabled), [tabindex]:not([tabindex="-1"])';

/** Tab and Shift+Tab cycle inside the dialog instead of escaping to the page behind it. */
function trapTab(dialog: HTMLElement, event: React.KeyboardEvent): void {
  const focusable = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((element) => element.offsetParent !== null);
  const first = focusable[0];
  const last = focusable[focusable.length - 1];
  if (!first || !last) return;
  if (event.shiftKey && (document.activeElement === first || document.activeElement === dialog)) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault();
    first.focus();
  }
}
