/** A subject as a list shows it: a classified letter's is sealed (empty on the server), so a placeholder stands in. */
export function subjectText(subject: string, placeholder: string) {
  return subject === '' ? placeholder : subject;
}
