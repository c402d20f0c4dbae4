/** The name the app shows for a person: my remark (备注) for them if set, else their nickname, else their user ID. */
export function displayName(user: { userID: string; nick?: string }, remark = ''): string {
  return remark || user.nick || user.userID
}
