// A polite, dismissible error message. role="alert" so screen readers announce it at once.
export function ErrorNotice({
  message,
  onDismiss,
}: {
  message: string | null;
  onDismiss?: () => void;
}) {
  if (!message) return null;
  return (
    <div className="notice notice--error" role="alert">
      <p className="notice__text">{message}</p>
      {onDismiss && (
        <button type="button" className="button button--quiet notice__dismiss" onClick={onDismiss}>
          Dismiss
        </button>
      )}
    </div>
  );
}
