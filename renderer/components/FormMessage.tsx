export interface FormOutcome {
  error: boolean;
  text: string;
}

/** What a save did, in words: an error is announced at once (alert), a success politely (status). */
export function FormMessage({ message, testId }: { message: FormOutcome | null; testId: string }) {
  if (!message) return null;
  return (
    <span
      className={message.error ? 'form-error' : 'calm-note'}
      role={message.error ? 'alert' : 'status'}
      data-testid={testId}
    >
      {message.text}
    </span>
  );
}
