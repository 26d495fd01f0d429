import type { FormRule } from 'antd';
import { yuanToFen } from '../format/format';

/** Rules of a required amount typed in yuan (more than 0, at most 2 decimals); the form sends `yuanToFen` of it. */
export function yuanRules(message: string): FormRule[] {
  return [
    { required: true, whitespace: true, message },
    {
      validator: (_, v?: string) => {
        const fen = v ? yuanToFen(v) : undefined;
        return !v || (fen !== undefined && fen !== '0') ? Promise.resolve() : Promise.reject(new Error(message));
      },
    },
  ];
}
