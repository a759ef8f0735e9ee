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
  useEffect(() => {
    const returnTo = previousFocus.current;
    // Keys must reach the dialog even when no field in it asked for focus.
    const dialog = dialogRef.current;
    if (dialog && !dialog.contains(document.activeElement)) dialog.focus();
    return () => {
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
