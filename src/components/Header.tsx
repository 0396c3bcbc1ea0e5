import { actions, useAppStore } from '../state/useAppStore';
import { CopyLinkButton } from './CopyLinkButton';

export function Header() {
  const open = useAppStore((s) => s.presetsOpen);
  return (
    <header className="app-header">
      <div className="brand">
        <h1>gnlens</h1>
        <p className="subtitle">
          The exact Gauss–Newton spectrum of a neural network, its condition number κ(G), and how
          tight the paper’s bounds are.
        </p>
      </div>
      <nav className="header-actions" aria-label="Page">
        <a
          className="paper-link"
          href="https://arxiv.org/abs/2411.02139"
          target="_blank"
          rel="noreferrer noopener"
        >
          Paper: Zhao, Singh &amp; Lucchi, NeurIPS 2024 (arXiv 2411.02139)
        </a>
        <button
          type="button"
          className="button button-outline"
          aria-expanded={open}
          aria-controls="presets"
          onClick={() => actions.setPresetsOpen(!open)}
        >
          Paper experiments
        </button>
        <CopyLinkButton />
      </nav>
    </header>
  );
}
