import { Text, View } from '@tarojs/components';
import { useEffect } from 'react';
import { PageShell } from '../../../components/PageShell';
import { openRoute } from '../../../routes';
import { goToLogin, useSession } from '../../../services/session';
import { HUB_SECTIONS } from './sections';
import '../community.css';

/** 社区: the hub of community life — activities and courses, and the other sections as they land. */
export default function CommunityHubPage() {
  const { user } = useSession();
  useEffect(() => {
    if (!user) goToLogin();
  }, [user]);

  return (
    <PageShell title="社区" className="nx-community">
      <Text className="nx-subtitle">参加社区活动、课程和志愿服务，签到可得积分。</Text>
      {HUB_SECTIONS.map((s) => (
        <View
          key={s.key}
          className={`nx-card nx-community__section nx-community__section--${s.key}`}
          hoverClass="nx-community__section--pressed"
          onClick={() => openRoute(s.url)}
        >
          <View className="nx-community__glyph">
            <Text>{s.glyph}</Text>
          </View>
          <View className="nx-community__section-body">
            <Text className="nx-card__title">{s.title}</Text>
            <Text className="nx-card__text">{s.text}</Text>
          </View>
          <Text className="nx-community__go">›</Text>
        </View>
      ))}
    </PageShell>
  );
}
