import { cloneElement, useId, type ReactElement } from 'react';

type ControlProps = { id?: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string };

/** A labelled form control; its hint or error is linked with aria-describedby, not folded into the label. */
export function Field({ label, error, hint, children }: { label: string; error?: string; hint?: string; children: ReactElement<ControlProps> }) {
  const id = useId();
  const noteId = `${id}-note`;
  const note = error ?? hint;
  const control = cloneElement(children, {
    id, 'aria-invalid': error ? true : undefined, 'aria-describedby': note ? noteId : undefined,
  });
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {control}
      {note && <small id={noteId} className={error ? 'error' : undefined}>{note}</small>}
    </div>
  );
}
