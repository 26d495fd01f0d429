import { Alert, Form, type FormInstance, Modal } from 'antd';
import { type ReactNode, useState } from 'react';
import { errorText } from '../api/problem';
import { applyFieldErrors } from './form-errors';

export interface FormDialogProps<V> {
  title: ReactNode;
  /** `data-testid` of the form. */
  testId: string;
  initialValues?: Partial<V>;
  width?: number;
  /** Server field names → the form's (e.g. `amountFen` → `amount` where the form asks for yuan). */
  renames?: Record<string, string>;
  /** The caller's form instance, when it reads or sets values itself. */
  form?: FormInstance<V>;
  onClose(): void;
  /** Sends the valid values; a thrown ApiError is shown next to its fields, or above the form. */
  onSubmit(values: V): Promise<void>;
  children: ReactNode;
}

/**
 * A modal form: validates in place (nothing is sent while a field is invalid), sends, and puts the
 * server's field errors (problem+json `details.fields`) next to the fields; other errors above.
 */
export function FormDialog<V extends object>(p: FormDialogProps<V>) {
  const [own] = Form.useForm<V>();
  const form = p.form ?? own;
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit() {
    const v = await form.validateFields().catch(() => undefined);
    if (!v) return;
    setBusy(true);
    setError(undefined);
    try {
      await p.onSubmit(v);
    } catch (e) {
      if (!applyFieldErrors(form, e, p.renames)) setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal open title={p.title} onCancel={p.onClose} onOk={() => void submit()} confirmLoading={busy} destroyOnHidden width={p.width ?? 560}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="form-error" />}
      <Form<V> form={form} layout="vertical" data-testid={p.testId} initialValues={p.initialValues}>
        {p.children}
      </Form>
    </Modal>
  );
}
