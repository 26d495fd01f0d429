import { DownOutlined, UserOutlined } from '@ant-design/icons';
import { Breadcrumb, Dropdown, Layout, Menu, Select, Space, Typography } from 'antd';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { useAuth } from '../auth/auth';
import { useI18n } from '../i18n/i18n';
import { ErrorPage } from './error-page';
import { LangSwitch } from './lang-switch';
import { crumbsFor, itemOf, mayOpen, navFor } from './nav';
import { childrenOf, regionName } from './regions';

/** The frame of every signed-in page: menu by role, region switcher, breadcrumb, user menu. */
export function PortalLayout() {
  const { user, region, setRegion, logout } = useAuth();
  const { t, lang } = useI18n();
  const location = useLocation();
  const navigate = useNavigate();
  if (!user) return <Navigate to="/login" replace />;
  if (user.mustChangePassword) return <Navigate to="/change-password" replace />;
  const items = navFor(user.roles);
  const current = itemOf(location.pathname, items);
  // A parent the user may not open (the liaison and 信用档案) is left out rather than linked to a 403.
  const crumbs = crumbsFor(location.pathname).filter((c) => mayOpen(user.roles, c.path));
  const regions = childrenOf(user.scope);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={208} theme="dark" breakpoint="lg" collapsedWidth={0}>
        <div className="mi-brand">{t('app.title')}</div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={current ? [current.path] : []}
          items={items.map((i) => ({ key: i.path, label: <Link to={i.path}>{t(i.label)}</Link> }))}
          data-testid="nav"
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header className="mi-header">
          <Space size="middle">
            <Typography.Text type="secondary">{t('region.label')}</Typography.Text>
            {regions.length > 0 ? (
              <Select
                data-testid="region-switcher"
                value={region ?? user.scope}
                onChange={setRegion}
                style={{ minWidth: 200 }}
                options={[
                  { value: user.scope, label: t('region.all', { scope: regionName(user.scope, lang) }) },
                  ...regions.map((c) => ({ value: c, label: regionName(c, lang) })),
                ]}
              />
            ) : (
              <Typography.Text strong data-testid="region">
                {regionName(user.scope, lang)}
              </Typography.Text>
            )}
          </Space>
          <Space size="middle">
            <LangSwitch />
            <Dropdown
              menu={{
                items: [
                  { key: 'roles', disabled: true, label: `${t('user.roles')}: ${user.roles.map((r) => t(`role.${r}`)).join('、')}` },
                  { key: 'scope', disabled: true, label: `${t('user.scope')}: ${regionName(user.scope, lang)}` },
                  { type: 'divider' },
                  { key: 'logout', label: t('user.logout'), onClick: () => void logout() },
                ],
              }}
            >
              <a data-testid="user-menu" onClick={(e) => e.preventDefault()}>
                <Space>
                  <UserOutlined />
                  {user.displayName}
                  <DownOutlined />
                </Space>
              </a>
            </Dropdown>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ margin: 16 }}>
          <Breadcrumb
            style={{ marginBottom: 12 }}
            items={[
              { title: <a onClick={() => navigate('/dashboard')}>{t('nav.home')}</a> },
              ...crumbs.map((c, i) => ({
                title: i < crumbs.length - 1 ? <Link to={c.path}>{t(c.label, c.vars)}</Link> : t(c.label, c.vars),
              })),
            ]}
          />
          <div className="mi-page">{mayOpen(user.roles, location.pathname) ? <Outlet /> : <ErrorPage status={403} />}</div>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
