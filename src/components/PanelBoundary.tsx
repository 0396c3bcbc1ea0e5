import { Component } from 'react';
import type { ErrorInfo, ReactNode } from 'react';

export interface PanelBoundaryProps {
  /** names the panel in the fallback message */
  name: string;
  children: ReactNode;
}

interface PanelBoundaryState {
  error: Error | null;
}

/** Contains a rendering failure to its panel: the rest of the page keeps working. */
export class PanelBoundary extends Component<PanelBoundaryProps, PanelBoundaryState> {
  state: PanelBoundaryState = { error: null };

  static getDerivedStateFromError(error: Error): PanelBoundaryState {
    return { error };
  }

  componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`The ${this.props.name} panel failed to render`, error, info.componentStack);
  }

  render() {
    if (!this.state.error) return this.props.children;
    return (
      <section className="card panel-error" role="alert">
        <h2>The {this.props.name} panel could not be drawn</h2>
        <p className="error-text">{this.state.error.message}</p>
        <button type="button" className="button" onClick={() => this.setState({ error: null })}>
          Try again
        </button>
      </section>
    );
  }
}
