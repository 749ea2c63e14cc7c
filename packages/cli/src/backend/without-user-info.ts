/** An endpoint or URL without `user:password@`, for messages. */
export function withoutUserInfo(endpoint: string): string {
  return endpoint.replace(/^([a-z]+:\/\/)?[^@/]*@/i, '$1');
}
