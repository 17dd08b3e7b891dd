import type { PropsWithChildren } from 'react';
import { useLaunch } from '@tarojs/taro';
import { SessionProvider } from './services/session';
import { installPrivacyHandler } from './services/privacy';
import './app.css';

function App({ children }: PropsWithChildren) {
  // Registered before any page can call a privacy-guarded API.
  useLaunch(() => installPrivacyHandler());
  return <SessionProvider>{children}</SessionProvider>;
}

export default App;
