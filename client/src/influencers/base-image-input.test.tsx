import { fireEvent, render, screen } from '@solidjs/testing-library';
import { createSignal } from 'solid-js';
import { describe, expect, it, vi } from 'vitest';
import { BaseImageInput } from './base-image-input';

const drop = (file: File) => fireEvent.drop(screen.getByTestId('base-image-drop'), { dataTransfer: { files: [file] } });

describe('BaseImageInput', () => {
  it('takes a dropped photo and previews it as a square crop', () => {
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: () => 'blob:preview', revokeObjectURL: () => {} }));
    const [file, setFile] = createSignal<File | null>(null);
    render(() => <BaseImageInput file={file()} onChange={setFile} />);
    drop(new File([new Uint8Array([1, 2, 3])], 'face.png', { type: 'image/png' }));
    expect(file()?.name).toBe('face.png');
    const preview = screen.getByTestId('base-image-preview');
    expect(preview.getAttribute('src')).toBe('blob:preview');
    expect(preview.classList.contains('base-image-input__crop')).toBe(true);
  });

  it('refuses a file that is not a photo, saying why', () => {
    const onChange = vi.fn();
    render(() => <BaseImageInput file={null} onChange={onChange} />);
    drop(new File(['%PDF'], 'cv.pdf', { type: 'application/pdf' }));
    expect(onChange).not.toHaveBeenCalled();
    expect(screen.getByText('Use a PNG, JPEG or WebP photo.')).toBeTruthy();
  });
});
