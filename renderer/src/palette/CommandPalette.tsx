import { useMemo, useState } from 'react';
import { shortcut } from '../keyboard/key-labels';
import { useAppStore } from '../store/app-store';
import { paletteCommands } from './commands';

/** Ctrl+K: every action by name, filtered as you type, run with Enter. */
export function CommandPalette() {
  const open = useAppStore((state) => state.paletteOpen);
  // Mounted only while open, so every opening starts with an empty query.
  return open ? <PaletteDialog /> : null;
}

function PaletteDialog() {
  const setOpen = useAppStore((state) => state.setPaletteOpen);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const commands = useMemo(() => paletteCommands(), []);
  const matches = useMemo(() => {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    return commands.filter((command) => words.every((word) => command.title.toLowerCase().includes(word)));
  }, [commands, query]);

  const close = () => setOpen(false);
  const runAt = (index: number) => {
    const command = matches[index];
    close();
    command?.run();
  };
  return (
    <div className="modal-backdrop" role="presentation" onMouseDown={close}>
      <div className="palette" role="dialog" aria-modal="true" aria-label="Command palette" onMouseDown={(e) => e.stopPropagation()}>
        <input
          autoFocus
          className="palette-input"
          placeholder="Type a command or a runbook name"
          value={query}
          onChange={(event) => {
            setQuery(event.target.value);
            setActive(0);
          }}
          onKeyDown={(event) => {
            if (event.key === 'Escape') close();
            else if (event.key === 'ArrowDown') setActive((i) => Math.min(matches.length - 1, i + 1));
            else if (event.key === 'ArrowUp') setActive((i) => Math.max(0, i - 1));
            else if (event.key === 'Enter') runAt(active);
            else return;
            event.preventDefault();
          }}
          aria-label="Command"
        />
        <ul className="palette-list" role="listbox">
          {matches.map((command, index) => (
            <li
              key={command.id}
              role="option"
              aria-selected={index === active}
              className={index === active ? 'active' : ''}
              onMouseEnter={() => setActive(index)}
              onClick={() => runAt(index)}
            >
              <span>{command.title}</span>
              {command.shortcut && <kbd>{shortcut(command.shortcut)}</kbd>}
            </li>
          ))}
          {matches.length === 0 && <li className="muted">No command matches.</li>}
        </ul>
      </div>
    </div>
  );
}
