/** The first image of a worker-comfyui output (base64, or an s3_url to fetch). */
export async function firstOutputImage(output: unknown): Promise<Buffer> {
  const images = (output as { images?: Array<{ type?: string; data?: string }> } | undefined)?.images;
  const first = images?.find((i) => typeof i?.data === 'string');
  if (!first?.data) throw new Error('The GPU job finished without an image.');
  if (first.type === 's3_url') {
    const res = await fetch(first.data);
    if (!res.ok) throw new Error(`Could not download the GPU output (${res.status}).`);
    return Buffer.from(await res.arrayBuffer());
  }
  return Buffer.from(first.data.replace(/^data:[^,]*,/, ''), 'base64');
}
