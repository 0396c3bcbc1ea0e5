/** Notices about the link or a control (bad, clamped or derived values), each dismissible. */
import { selectNotices } from '../state/selectors';
import { actions, useAppStore } from '../state/useAppStore';

export function NoticeArea() {
  const notices = useAppStore(selectNotices);
  return (
    <div className="notices" role="status" aria-live="polite" data-testid="notices">
      {notices.length > 0 ? (
        <div className="notice-box">
          <div className="notice-head">
            <strong>Some values could not be used as given:</strong>
            {notices.length > 1 ? (
              <button type="button" className="button-link" onClick={actions.dismissAllNotices}>
                Dismiss all
              </button>
            ) : null}
          </div>
          <ul>
            {notices.map((notice) => (
              <li key={notice.id} data-testid="notice">
                <span id={`notice-${notice.id}`}>{notice.text}</span>
                <button
                  type="button"
                  className="dismiss"
                  aria-label="Dismiss"
                  aria-describedby={`notice-${notice.id}`}
                  onClick={() => actions.dismissNotice(notice.id)}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
