/** A multipart/form-data body with text fields and one file, for `app.inject`. */
export function multipart(
  fields: Record<string, string>,
  file?: { name: string; filename: string; content: string | Buffer; type?: string },
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----bangfu-test-boundary';
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\n` +
          `Content-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content),
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** The household sheet header, as the importer wants it. */
export const HOUSEHOLD_HEADER =
  '户编号,户主姓名,身份证号,联系电话,县,乡镇,村,组,家庭人口,贫困户属性,卡类,致贫原因,脱贫状态,脱贫年度,帮扶责任人,帮扶责任人电话';
