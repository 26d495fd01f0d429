import { fireEvent, render } from '@testing-library/react';
import { App as AntApp } from 'antd';
import type { ReactNode } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { AuthProvider } from '../auth/auth';
import { I18nProvider } from '../i18n/i18n';

/** Renders `element` at `path` (matching the route `route`) inside the portal's providers, in Chinese. */
export function renderAt(element: ReactNode, path = '/', route = path) {
  return render(
    <I18nProvider lang="zh-CN">
      <AntApp>
        <MemoryRouter initialEntries={[path]}>
          <AuthProvider>
            <Routes>
              <Route path={route} element={element} />
              <Route path="*" element={<div data-testid="navigated" />} />
            </Routes>
          </AuthProvider>
        </MemoryRouter>
      </AntApp>
    </I18nProvider>,
  );
}

/** Types a date into an Ant Design DatePicker and confirms it. */
export function typeDate(input: HTMLElement, value: string) {
  fireEvent.mouseDown(input);
  fireEvent.change(input, { target: { value } });
  fireEvent.keyDown(input, { key: 'Enter', code: 'Enter', keyCode: 13 });
}

export const okButton = (screen: { getByRole(role: string, o: { name: RegExp }): HTMLElement }) => screen.getByRole('button', { name: /确\s*定|OK/ });
